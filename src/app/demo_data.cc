// LoadDemo, and DemoFile: one command at a time through the service, each
// refusal turned into an error that says where the data set went wrong.
#include "certreg/app/demo_data.h"

#include <array>
#include <variant>

#include "app/demo_data_internal.h"
#include "certreg/domain/time_rules.h"
#include "certreg/domain/uscc.h"

namespace certreg::app {
namespace demo {
namespace {

// The status a refused command becomes, by what the caller would do about it.
Status StatusOf(const CommandError& error, std::string message) {
  switch (error.kind) {
    case CommandError::Kind::kRejected:
      switch (error.rejection.kind) {
        case domain::Rejection::Kind::kInvalid:
          return Status::InvalidArgument(std::move(message));
        case domain::Rejection::Kind::kState:
          return Status::Rejected(std::move(message));
        case domain::Rejection::Kind::kForbidden:
        case domain::Rejection::Kind::kConflictOfInterest:
          return Status::Forbidden(std::move(message));
        case domain::Rejection::Kind::kNotFound:
          return Status::NotFound(std::move(message));
      }
      break;
    case CommandError::Kind::kStaleVersion:
    case CommandError::Kind::kIdempotencyReused:
      return Status::Conflict(std::move(message));
    case CommandError::Kind::kUnavailable:
      return Status::IOError(std::move(message));
  }
  return Status::Rejected(std::move(message));
}

domain::Actor User(const char* name, const char* role) { return {name, role, std::string("demo-") + name}; }

}  // namespace

domain::Actor Clerk() { return User("li.na", "clerk"); }
domain::Actor Leader() { return User("zhang.wei", "auditor"); }
domain::Actor Member(int seed) { return seed % 2 == 0 ? User("wang.fang", "auditor") : User("zhao.lei", "auditor"); }
domain::Actor Committee(int seed) {
  return seed % 2 == 0 ? User("chen.jie", "committee") : User("liu.yang", "committee");
}
std::string Approver(int seed) { return seed % 2 == 0 ? "陈杰（技术委员会主任）" : "刘洋（技术委员会委员）"; }

Result<std::string> UsccOf(const Holder& holder) {
  if (holder.area_code.empty() && holder.org_code.empty() && holder.org_type == domain::OrgType::kLiveSalesperson) {
    return std::string();
  }
  auto bad = [&](const std::string& why) { return Status::InvalidArgument("demo holder " + holder.name + ": " + why); };
  if (holder.area_code.size() != 6 || holder.area_code.find_first_not_of("0123456789") != std::string::npos) {
    return bad("the area code must be 6 digits");
  }
  if (holder.org_code.size() != 8) return bad("the organisation code must have 8 characters before its check");
  // GB 11714: weights 3 7 9 10 5 8 4 2; digits count as such, letters A=10 .. Z=35.
  constexpr std::array<int, 8> kWeights = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) {
    const char c = holder.org_code[i];
    int value = 0;
    if (c >= '0' && c <= '9') {
      value = c - '0';
    } else if (c >= 'A' && c <= 'Z') {
      value = c - 'A' + 10;
    } else {
      return bad("the organisation code has a character outside 0-9 A-Z");
    }
    sum += value * kWeights[i];
  }
  const int check = 11 - sum % 11;
  const char org_check = check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
  const std::string first17 = "91" + holder.area_code + holder.org_code + org_check;
  const auto uscc_check = domain::UsccCheckCharacter(first17);
  if (!uscc_check) return bad("the code " + first17 + " has a character outside GB 32100's set");
  return first17 + *uscc_check;
}

Status DemoFile::Do(Date on, domain::Command command, const domain::Actor& actor) {
  const std::string name(domain::CommandName(command));
  const std::string where = "demo file " + (id_.empty() ? std::string("(new)") : id_) + " (" + holder_.name +
                            "): " + name + " effective " + on.ToString();
  if (on > today_) return Status::InvalidArgument(where + ": after today " + today_.ToString());
  if (last_ && on <= *last_) {
    return Status::InvalidArgument(where + ": not after the file's previous date " + last_->ToString());
  }
  const bool submission = std::holds_alternative<domain::SubmitApplication>(command);
  if (submission != id_.empty()) return Status::InvalidArgument(where + ": the application must come first, once");

  CommandRequest request;
  request.file_id = id_;
  request.command = std::move(command);
  request.actor = actor;
  request.effective_date = on;
  CommandOutcome outcome = service_.Execute(request);
  if (const auto* error = std::get_if<CommandError>(&outcome)) {
    std::string message = where + " refused: " + error->message;
    for (const domain::FieldError& e : error->rejection.errors) message += "; " + e.field + ": " + e.message;
    return StatusOf(*error, std::move(message));
  }
  const CommandResult& result = std::get<CommandResult>(outcome);
  if (submission) id_ = result.file_id;
  events_ += result.events.size();
  ++commands_;
  last_ = on;
  return Status::Ok();
}

Result<std::string> DemoFile::Latest(IdOf what) const {
  auto view = service_.LoadFile(id_);
  if (!view.ok()) return view.status();
  for (auto it = view->events.rbegin(); it != view->events.rend(); ++it) {
    const domain::EventBody& body = it->body;
    if (const auto* e = std::get_if<domain::AuditTeamAssigned>(&body); e && what == IdOf::kAudit) return e->audit_id;
    if (const auto* e = std::get_if<domain::FindingRecorded>(&body); e && what == IdOf::kFinding) return e->finding_id;
    if (const auto* e = std::get_if<domain::ComplaintReceived>(&body); e && what == IdOf::kComplaint) {
      return e->complaint_id;
    }
  }
  return Status::NotFound("demo file " + id_ + ": no such id recorded yet");
}

Result<Date> DemoFile::ValidUntil() const {
  auto view = service_.LoadFile(id_);
  if (!view.ok()) return view.status();
  if (!view->state.certificate) return Status::NotFound("demo file " + id_ + " has no certificate");
  return view->state.certificate->valid_until;
}

}  // namespace demo

Result<DemoReport> LoadDemo(CertificationService& service) {
  const store::LogHead head = service.Head();
  if (head.size != 0) {
    return Status::Rejected("the store already holds " + std::to_string(head.size) +
                            " events; the demo data set loads only into an empty data directory");
  }
  // One "today" for the whole data set, so that a load across midnight stays consistent.
  const domain::Date today = service.Today();
  DemoReport report;
  std::vector<std::string> ids;
  int seed = 0;
  for (const demo::DemoEntry& entry : demo::DemoEntries()) {
    demo::DemoFile file(service, entry.holder, ++seed, today);
    CERTREG_RETURN_IF_ERROR(demo::Tell(entry.story, file));
    report.events += file.events();
    ids.push_back(file.id());
  }
  report.files = ids.size();
  for (const std::string& id : ids) {
    auto view = service.LoadFile(id);
    if (!view.ok()) return view.status().WithContext("demo file " + id);
    ++report.by_stage[std::string(domain::ToWire(domain::StageOf(view->state)))];
    if (view->state.certificate) ++report.by_status[std::string(domain::ToWire(view->state.certificate->status))];
  }
  return report;
}

}  // namespace certreg::app

// Decide: the shared checks of every command, then the command's own decider.
#include <algorithm>
#include <type_traits>

#include "certreg/domain/time_rules.h"
#include "domain/decide_internal.h"

namespace certreg::domain {
namespace internal {

void Builder::Require(const std::string& field, const std::string& value) {
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) Invalid(field, "is required");
}

void Builder::RequireAfterEffectiveDate(const std::string& field, const std::optional<Date>& date) {
  if (!date) {
    Invalid(field, "is required");
  } else if (*date <= effective_date()) {
    Invalid(field, "must be after the effective date " + effective_date().ToString());
  }
}

void Builder::Emit(EventBody body) {
  events_.push_back(Event{std::move(body), context_.effective_date, context_.actor, context_.today, 0, 0});
}

Decision Builder::Done() {
  if (!errors_.empty()) return Status::InvalidFields(errors_);
  return std::move(events_);
}

std::optional<Decision> Builder::Refusal(std::optional<Decision> state_refusal) {
  if (has_errors()) return Done();
  return state_refusal;
}

Decision Builder::Reject(std::string message) const {
  return Status::StateConflict(std::move(message), DescribeState(state_));
}

Decision Builder::RejectState(const std::string& why) const {
  return Reject(why + " (the file is " + DescribeState(state_) + ")");
}

SchemeRef RefOf(const Scheme& scheme) { return SchemeRef{scheme.id, scheme.version, scheme.sha256}; }

std::optional<Decision> RequireLiveCertificate(const Builder& b, const char* action) {
  const auto& certificate = b.state().certificate;
  if (!certificate) return b.RejectState(std::string("there is no certificate to ") + action);
  if (b.state().ended()) {
    return b.Reject("certificate " + certificate->number + " is " + std::string(ToWire(certificate->status)) +
                    "; it cannot be " + action);
  }
  return std::nullopt;
}

const CycleState* OpenCycle(const FileState& state) {
  const CycleState* cycle = state.current_cycle();
  return cycle != nullptr && cycle->open() ? cycle : nullptr;
}

std::optional<Decision> RequireImpartial(const Builder& b, const std::vector<std::string>& audit_ids,
                                         const std::string& approver, const std::string& act) {
  for (const std::string& id : audit_ids) {
    auto it = b.state().audits.find(id);
    if (it == b.state().audits.end()) continue;
    for (const std::string& user : {b.context().actor.name, approver}) {
      if (!user.empty() && it->second.OnTeam(user)) {
        return b.ConflictOfInterest(user + " sat on the team of audit " + id + " and may not " + act);
      }
    }
  }
  return std::nullopt;
}

}  // namespace internal

std::string DescribeState(const FileState& state) {
  if (state.certificate) return std::string(ToWire(state.certificate->status));
  if (!state.exists) return "not_found";
  return std::string(ToWire(StageOf(state)));
}

Result<std::vector<Event>> Decide(const Command& command, const FileState& state, const CommandContext& context) {
  internal::Builder b(state, context);
  if (!std::holds_alternative<SubmitApplication>(command) && !state.exists) return b.NotFound("file");

  // domain.md §1.1: never after today; within a file, effective dates never decrease.
  if (context.effective_date > context.today) {
    b.Invalid("effective_date", "must not be after today (" + context.today.ToString() + ")");
  } else if (state.exists && context.effective_date < state.last_effective_date) {
    b.Invalid("effective_date",
              "must not be before the file's latest effective date " + state.last_effective_date.ToString());
  }
  // A body's own date is its effective date (domain.md §1.1): the holder's
  // received_on, a notice's notified_on.
  std::visit(
      [&](const auto& c) {
        using C = std::decay_t<decltype(c)>;
        if constexpr (requires { c.act.received_on; }) {
          if (c.act.received_on != context.effective_date) {
            b.Invalid("received_on", "must equal effective_date " + context.effective_date.ToString());
          }
        }
        if constexpr (std::is_same_v<C, NotifyDecision>) {
          if (c.notified_on != context.effective_date) {
            b.Invalid("notified_on", "must equal effective_date " + context.effective_date.ToString());
          }
        }
      },
      command);
  if (b.has_errors()) return b.Done();

  return std::visit([&](const auto& c) { return internal::DecideCommand(c, b); }, command);
}

}  // namespace certreg::domain

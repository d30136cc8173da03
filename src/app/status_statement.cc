// The certificate status statement and the tlog-proof (certreg/app/status_statement.h).
#include "certreg/app/status_statement.h"

#include <ctime>
#include <utility>
#include <vector>

#include "certreg/common/base64.h"
#include "certreg/domain/events.h"
#include "certreg/domain/file_state.h"
#include "certreg/domain/values.h"

namespace certreg::app {
namespace {

std::string Base64Of(const Digest& hash) {
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
}

// The statement's lines after the first, in order.
constexpr std::string_view kOrder[] = {"certificate", "status", "status_since", "valid_until", "holder",
                                       "uscc",        "event",  "size",         "root",        "as_of"};

}  // namespace

Result<std::string> TlogProof(const Registry& registry, std::uint64_t index, const SignedCheckpoint& checkpoint,
                              const std::function<bool(std::string_view type)>& with_extra) {
  auto proof = registry.LogInclusionProof(index, checkpoint.body.size);
  if (!proof.ok()) return proof.status();
  auto entry = registry.LogEntryAt(index);
  if (!entry.ok()) return entry.status();
  std::string out = "c2sp.org/tlog-proof@v1\n";
  if (with_extra(entry->type)) out += "extra " + Base64Encode(entry->leaf) + "\n";
  out += "index " + std::to_string(index) + "\n";
  for (const Digest& hash : *proof) out += Base64Of(hash) + "\n";
  out += "\n" + checkpoint.note;
  return out;
}

std::optional<std::uint64_t> ParseLogCount(std::string_view text) {
  if (text.empty() || text.size() > 19 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

std::string StatementText(const StatementFacts& f) {
  std::string out = f.origin + std::string(kStatementSuffix) + "\n";
  out += "certificate " + f.certificate + "\n";
  out += "status " + f.status + "\n";
  out += "status_since " + f.status_since + "\n";
  out += "valid_until " + f.valid_until + "\n";
  out += "holder " + f.holder + "\n";
  out += "uscc " + f.uscc + "\n";
  out += "event " + std::to_string(f.event) + "\n";
  out += "size " + std::to_string(f.size) + "\n";
  out += "root " + f.root + "\n";
  out += "as_of " + f.as_of + "\n";
  return out;
}

Result<StatementFacts> ParseStatementText(std::string_view text) {
  StatementFacts f;
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    if (end == std::string_view::npos) return Status::InvalidArgument("the statement's last line has no newline");
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  if (lines.empty() || lines[0].size() <= kStatementSuffix.size() ||
      lines[0].substr(lines[0].size() - kStatementSuffix.size()) != kStatementSuffix) {
    return Status::InvalidArgument("the first line is not \"<origin>/status-statement/v1\"");
  }
  f.origin = std::string(lines[0].substr(0, lines[0].size() - kStatementSuffix.size()));
  if (lines.size() != 1 + std::size(kOrder)) {
    return Status::InvalidArgument("a statement has " + std::to_string(1 + std::size(kOrder)) + " lines, this one " +
                                   std::to_string(lines.size()));
  }
  for (std::size_t i = 0; i < std::size(kOrder); ++i) {
    const std::string_view line = lines[i + 1];
    const std::string_view key = kOrder[i];
    if (line.size() < key.size() + 1 || line.substr(0, key.size()) != key || line[key.size()] != ' ') {
      return Status::InvalidArgument("line " + std::to_string(i + 2) + " is not the \"" + std::string(key) +
                                     "\" line");
    }
    const std::string value(line.substr(key.size() + 1));
    if (value.empty() && key != "uscc") return Status::InvalidArgument("the " + std::string(key) + " line is empty");
    auto count = [&](std::uint64_t* out) -> Status {
      auto n = ParseLogCount(value);
      if (!n) return Status::InvalidArgument("the " + std::string(key) + " line is not a whole number");
      *out = *n;
      return Status::Ok();
    };
    if (key == "certificate") f.certificate = value;
    if (key == "status") f.status = value;
    if (key == "status_since") f.status_since = value;
    if (key == "valid_until") f.valid_until = value;
    if (key == "holder") f.holder = value;
    if (key == "uscc") f.uscc = value;
    if (key == "root") f.root = value;
    if (key == "as_of") f.as_of = value;
    if (key == "event") CERTREG_RETURN_IF_ERROR(count(&f.event));
    if (key == "size") CERTREG_RETURN_IF_ERROR(count(&f.size));
  }
  if (!domain::FromWire<domain::CertificateStatus>(f.status)) {
    return Status::InvalidArgument("the status line names no certificate status: " + f.status);
  }
  for (const auto* date : {&f.status_since, &f.valid_until}) {
    if (!domain::Date::Parse(*date)) return Status::InvalidArgument("not a date: " + *date);
  }
  if (f.event >= f.size) return Status::InvalidArgument("the event line names a position beyond the size");
  return f;
}

std::string UtcSeconds(std::int64_t micros) {
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

Result<StatusStatement> MakeStatusStatement(const Registry& registry, const SignedLog& signed_log,
                                            const std::string& number, const SignedCheckpoint& checkpoint,
                                            std::int64_t now_micros) {
  auto file = registry.FileOfCertificate(number);
  if (!file.ok() && file.status().code() == Status::Code::kNotFound) {
    return Status::NotFound("certificate " + number + " not found");  // naming no file: the public knows none
  }
  if (!file.ok()) return file.status();
  auto records = registry.FileRecords(*file);
  if (!records.ok()) return records.status();
  const std::uint64_t size = checkpoint.body.size;
  const store::RecordedEvent* latest = nullptr;
  for (const auto& record : *records) {
    if (record.header.position < size && domain::IsPublicEvent(record.header.type)) latest = &record.header;
  }
  if (!latest) {
    return Status::NotFound("certificate " + number + " has no public event in the tree of size " +
                            std::to_string(size));
  }
  auto view = registry.LoadFile(*file);
  if (!view.ok()) return view.status();
  std::vector<domain::Event> before;
  for (auto& event : view->events) {
    if (event.version <= latest->stream_version) before.push_back(std::move(event));
  }
  const domain::FileState state = domain::Fold(before);
  if (!state.certificate) return Status::Corruption("file " + *file + " has no certificate at its public event");
  const domain::CertificateState& c = *state.certificate;
  StatusStatement out;
  out.facts = {.origin = signed_log.origin(),
               .certificate = c.number,
               .status = std::string(domain::ToWire(c.status)),
               .status_since = c.status_since.ToString(),
               .valid_until = c.valid_until.ToString(),
               .holder = c.holder_name,
               .uscc = c.uscc,
               .event = latest->position,
               .size = size,
               .root = Base64Of(checkpoint.body.root),
               .as_of = UtcSeconds(now_micros)};
  auto note = signed_log.SignWithStatusKey(StatementText(out.facts));
  if (!note.ok()) return note.status();
  out.note = std::move(note).value();
  auto proof = TlogProof(registry, latest->position, checkpoint, [](std::string_view) { return true; });
  if (!proof.ok()) return proof.status();
  out.proof = std::move(proof).value();
  return out;
}

}  // namespace certreg::app

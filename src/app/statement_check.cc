// The offline check of a status statement (certreg/app/statement_check.h).
#include "certreg/app/statement_check.h"

#include <optional>
#include <string>
#include <vector>

#include "certreg/codec/domain_codec.h"
#include "certreg/common/base64.h"
#include "certreg/domain/events.h"
#include "certreg/store/merkle.h"

namespace certreg::app {
namespace {

constexpr std::string_view kProofHeader = "c2sp.org/tlog-proof@v1\n";

Status Failed(const std::string& check, const std::string& why) {
  return Status::Corruption(check + ": " + why);
}

// A tlog-proof's parts.
struct TlogProofParts {
  std::string leaf;
  std::uint64_t index = 0;
  std::vector<Digest> hashes;
  std::string checkpoint;  // the note, verbatim
};

Result<TlogProofParts> ParseTlogProof(std::string_view text) {
  TlogProofParts parts;
  if (text.substr(0, kProofHeader.size()) != kProofHeader) {
    return Status::InvalidArgument("no c2sp.org/tlog-proof@v1 follows the signed statement");
  }
  text.remove_prefix(kProofHeader.size());
  auto next_line = [&text]() -> std::optional<std::string_view> {
    const auto end = text.find('\n');
    if (end == std::string_view::npos) return std::nullopt;
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    return line;
  };
  auto line = next_line();
  if (!line || line->substr(0, 6) != "extra ") return Status::InvalidArgument("the proof has no extra line (the event)");
  auto leaf = Base64Decode(line->substr(6));
  if (!leaf) return Status::InvalidArgument("the proof's extra line is not base64");
  parts.leaf = std::move(*leaf);
  line = next_line();
  if (!line || line->substr(0, 6) != "index ") return Status::InvalidArgument("the proof has no index line");
  auto index = ParseLogCount(line->substr(6));
  if (!index) return Status::InvalidArgument("the proof's index is not a whole number");
  parts.index = *index;
  while ((line = next_line()) && !line->empty()) {
    auto hash = Base64Decode(*line);
    if (!hash || hash->size() != 32) return Status::InvalidArgument("a proof line is not a base64 SHA-256 hash");
    Digest digest;
    std::copy(hash->begin(), hash->end(), digest.begin());
    parts.hashes.push_back(digest);
  }
  if (!line) return Status::InvalidArgument("the proof has no blank line before its checkpoint");
  parts.checkpoint = std::string(text);
  return parts;
}

// Check 7: what the event states agrees with the statement.
Status CheckEvent(const StatementFacts& f, const domain::EventBody& body, domain::Date effective) {
  const std::string check = "the event implies the statement";
  const std::string type(domain::EventTypeName(body));
  auto expect = [&](std::string_view line, const std::string& stated, const std::string& implied) -> Status {
    if (stated == implied) return Status::Ok();
    return Failed(check, type + " at " + std::to_string(f.event) + " implies " + std::string(line) + " " + implied +
                             ", the statement says " + stated);
  };
  auto since = [&](const char* status) -> Status {
    CERTREG_RETURN_IF_ERROR(expect("status", f.status, status));
    return expect("status_since", f.status_since, effective.ToString());
  };
  auto live = [&]() -> Status {  // changed or reissued: VALID or SUSPENDED, status unchanged
    if (f.status == "VALID" || f.status == "SUSPENDED") return Status::Ok();
    return Failed(check, type + " is of a live certificate (VALID or SUSPENDED), the statement says " + f.status);
  };
  if (const auto* e = std::get_if<domain::CertificateIssued>(&body)) {
    CERTREG_RETURN_IF_ERROR(expect("certificate", f.certificate, e->certificate_no));
    CERTREG_RETURN_IF_ERROR(since("VALID"));
    CERTREG_RETURN_IF_ERROR(expect("valid_until", f.valid_until, e->valid_until.ToString()));
    CERTREG_RETURN_IF_ERROR(expect("holder", f.holder, e->holder_name));
    return expect("uscc", f.uscc, e->uscc);
  }
  if (const auto* e = std::get_if<domain::CertificateRenewed>(&body)) {
    CERTREG_RETURN_IF_ERROR(expect("certificate", f.certificate, e->certificate_no));
    CERTREG_RETURN_IF_ERROR(expect("status", f.status, "VALID"));  // a renewal needs VALID and keeps it
    CERTREG_RETURN_IF_ERROR(expect("valid_until", f.valid_until, e->valid_until.ToString()));
    return e->holder_name.empty() ? Status::Ok() : expect("holder", f.holder, e->holder_name);
  }
  if (const auto* e = std::get_if<domain::CertificateChanged>(&body)) {
    CERTREG_RETURN_IF_ERROR(live());
    for (const auto& item : e->changes) {
      if (item.field == "holder_name") CERTREG_RETURN_IF_ERROR(expect("holder", f.holder, item.after));
    }
    return Status::Ok();
  }
  if (std::holds_alternative<domain::CertificateReissued>(body)) return live();
  if (std::holds_alternative<domain::CertificateSuspended>(body)) return since("SUSPENDED");
  if (std::holds_alternative<domain::CertificateReinstated>(body)) return since("VALID");
  if (std::holds_alternative<domain::CertificateRevoked>(body)) return since("REVOKED");
  if (std::holds_alternative<domain::CertificateCancelled>(body)) return since("CANCELLED");
  if (std::holds_alternative<domain::CancellationAnnounced>(body)) return expect("status", f.status, "CANCELLED");
  return Failed(check, "the event at " + std::to_string(f.event) + " is a " + type + ", not a public event");
}

}  // namespace

std::string EnvelopeOfLeaf(std::string_view leaf) {
  const std::uint32_t words = static_cast<std::uint32_t>(leaf.size() / 8);
  std::string out(8, '\0');
  for (int i = 0; i < 4; ++i) out[4 + i] = static_cast<char>((words >> (8 * i)) & 0xff);
  out.append(leaf);
  return out;
}

Result<StatementFacts> CheckStatusStatement(std::string_view text, const NoteVerifier& log_key,
                                            const NoteVerifier& status_key) {
  // 1. Form.
  const auto split = text.find("\n" + std::string(kProofHeader));
  if (split == std::string_view::npos) {
    return Status::InvalidArgument("not a status statement: no c2sp.org/tlog-proof@v1 line follows a signed note");
  }
  const std::string_view note = text.substr(0, split + 1);
  auto proof = ParseTlogProof(text.substr(split + 1));
  if (!proof.ok()) return proof.status();
  // 2. The status signature.
  auto body = OpenNote(note, {status_key});
  if (!body.ok()) return Failed("the status signature", body.status().message());
  // 3. The lines and the origin.
  auto facts = ParseStatementText(*body);
  if (!facts.ok()) return facts.status();
  if (facts->origin != log_key.name) {
    return Failed("the origin", "the statement names the log " + facts->origin + ", the log key is " + log_key.name);
  }
  if (facts->origin + "/status" != status_key.name) {
    return Failed("the origin", "the status key " + status_key.name + " is not the log " + facts->origin + "'s");
  }
  // 4. The checkpoint's signature and origin.
  auto checkpoint_text = OpenNote(proof->checkpoint, {log_key});
  if (!checkpoint_text.ok()) return Failed("the checkpoint's log signature", checkpoint_text.status().message());
  auto checkpoint = ParseCheckpoint(*checkpoint_text);
  if (!checkpoint.ok()) return Failed("the checkpoint", checkpoint.status().message());
  if (checkpoint->origin != log_key.name) {
    return Failed("the checkpoint's origin", checkpoint->origin + " is not " + log_key.name);
  }
  // 5. The statement is of that checkpoint and that event.
  if (checkpoint->size != facts->size) {
    return Failed("the size", "the statement says " + std::to_string(facts->size) + ", the checkpoint " +
                                  std::to_string(checkpoint->size));
  }
  const std::string root = Base64Encode(
      std::string_view(reinterpret_cast<const char*>(checkpoint->root.data()), checkpoint->root.size()));
  if (root != facts->root) return Failed("the root", "the statement's root is not the checkpoint's");
  if (proof->index != facts->event) {
    return Failed("the event", "the statement names event " + std::to_string(facts->event) + ", the proof index " +
                                   std::to_string(proof->index));
  }
  // 6. The inclusion proof of the leaf.
  Status included = store::merkle::VerifyInclusion(proof->index, checkpoint->size,
                                                   store::merkle::LeafHash(proof->leaf), proof->hashes,
                                                   checkpoint->root);
  if (!included.ok()) return Failed("the inclusion proof", included.message());
  // 7. The event.
  auto event = codec::DecodeStoredEvent(EnvelopeOfLeaf(proof->leaf), "cert-file/", nullptr);
  if (!event.ok()) return Failed("the event", "its leaf does not decode: " + event.status().message());
  if (!event->has_value()) return Failed("the event", "it is not of a certification file");
  CERTREG_RETURN_IF_ERROR(CheckEvent(*facts, (*event)->event.body, (*event)->event.effective_date));
  return facts;
}

}  // namespace certreg::app

// The public events (trust.md §4) as the registry records them: every type
// the demo data set produces, each leaf decoded as anyone holding an
// inclusion proof's `extra` line would decode it, and nothing in it the
// public may not see (domain.md §7); and the status statement of every demo
// certificate passing the offline check (README, "The verifiable log: the
// status statement").
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "certreg/app/signed_log.h"
#include "certreg/app/statement_check.h"
#include "certreg/app/status_statement.h"
#include "certreg/codec/domain_codec.h"
#include "certreg/domain/events.h"
#include "certreg/store/record_format.h"
#include "support/demo_registry.h"

namespace certreg::testing {
namespace {

constexpr char kToday[] = "2026-12-01";

// Every key of a JSON document, lower-cased, at any depth.
void KeysOf(const nlohmann::json& j, std::set<std::string>* keys) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      std::string lower = key;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      keys->insert(lower);
      KeysOf(value, keys);
    }
  } else if (j.is_array()) {
    for (const auto& value : j) KeysOf(value, keys);
  }
}

// The plaintext personal data of the whole data set, as the registry reads it
// back (applicants' and complainants').
std::set<std::string> PersonalTexts(const std::vector<app::FileView>& files) {
  std::set<std::string> texts;
  auto add = [&](const domain::PersonalData& p) {
    for (const std::string& text : {p.legal_representative, p.contact_name, p.phone, p.email, p.address}) {
      if (text.size() >= 3) texts.insert(text);
    }
  };
  // A holder's name is public (domain.md §7) even when it is a natural
  // person's (a live salesperson, their own legal representative).
  std::set<std::string> holders;
  for (const auto& file : files) {
    for (const auto& event : file.events) {
      if (const auto* e = std::get_if<domain::ApplicationSubmitted>(&event.body)) add(e->form.personal);
      if (const auto* e = std::get_if<domain::RecertificationApplied>(&event.body)) add(e->form.personal);
      if (const auto* e = std::get_if<domain::ComplaintReceived>(&event.body)) add(e->complainant);
      if (const auto* e = std::get_if<domain::CertificateIssued>(&event.body)) holders.insert(e->holder_name);
      if (const auto* e = std::get_if<domain::CertificateRenewed>(&event.body)) holders.insert(e->holder_name);
    }
  }
  for (const std::string& holder : holders) texts.erase(holder);
  return texts;
}

}  // namespace

TEST_CASE("every public event type the registry records carries nothing the public may not see",
          "[app][trust][public-events]") {
  DemoRegistry demo(kToday);
  const app::DemoReport report = demo.Load();
  const std::set<std::string> personal = PersonalTexts(demo.Files(report.files));
  REQUIRE(personal.size() > 20);  // the demo's applicants and complainants

  // Names of what the public never sees (domain.md §7), as parts of payload keys.
  const std::vector<std::string> forbidden = {"legal", "contact", "phone", "email", "complain", "finding",
                                              "indicator", "sheet", "member", "leader", "personal", "score"};
  std::set<std::string> types;
  const std::uint64_t size = demo.service().Head().size;
  for (std::uint64_t position = 0; position < size; ++position) {
    auto entry = demo.service().LogEntryAt(position);
    REQUIRE(entry.ok());
    if (!domain::IsPublicEvent(entry->type)) continue;
    CAPTURE(position, entry->type);
    types.insert(entry->type);
    // Decoded with no personal records at hand: what anyone holding the leaf can read.
    auto decoded = codec::DecodeStoredEvent(app::EnvelopeOfLeaf(entry->leaf), "cert-file/", nullptr);
    REQUIRE(decoded.ok());
    REQUIRE(decoded->has_value());
    CHECK(domain::EventTypeName((*decoded)->event.body) == entry->type);
    auto json_text = store::EventToJson(app::EnvelopeOfLeaf(entry->leaf));
    REQUIRE(json_text.ok());
    for (const std::string& text : personal) {
      CAPTURE(text);
      CHECK(entry->leaf.find(text) == std::string::npos);
      CHECK(json_text->find(text) == std::string::npos);
    }
    std::set<std::string> keys;
    const nlohmann::json event_json = nlohmann::json::parse(*json_text);
    REQUIRE(event_json.contains("data"));
    REQUIRE(event_json.at("data").is_object());  // the payload's data; empty for CancellationAnnounced
    KeysOf(event_json.at("data"), &keys);
    for (const std::string& key : keys) {
      for (const std::string& word : forbidden) {
        CAPTURE(key);
        CHECK(key.find(word) == std::string::npos);
      }
    }
  }
  const std::set<std::string> all = {"CertificateIssued",    "CertificateRenewed",    "CertificateChanged",
                                     "CertificateReissued",  "CertificateSuspended",  "CertificateReinstated",
                                     "CertificateRevoked",   "CertificateCancelled",  "CancellationAnnounced"};
  CHECK(types == all);
}

TEST_CASE("the status statement of every demo certificate passes the offline check and states its status",
          "[app][trust][statement]") {
  DemoRegistry demo(kToday);
  demo.Load();
  app::SignedLog signed_log(demo.store(), GenerateNoteSigner("registry.example.cn/log").value(),
                            GenerateNoteSigner("registry.example.cn/log/status").value());
  REQUIRE(signed_log.Open().ok());
  auto signed_now = signed_log.SignIfGrown();
  REQUIRE(signed_now.ok());
  REQUIRE(signed_now->has_value());
  const app::SignedCheckpoint checkpoint = **signed_now;

  std::set<std::string> statuses;
  int certificates = 0;
  const std::uint64_t size = demo.service().Head().size;
  for (std::uint64_t position = 0; position < size; ++position) {
    auto entry = demo.service().LogEntryAt(position);
    REQUIRE(entry.ok());
    if (entry->type != "CertificateIssued") continue;
    auto decoded = codec::DecodeStoredEvent(app::EnvelopeOfLeaf(entry->leaf), "cert-file/", nullptr);
    REQUIRE(decoded.ok());
    const std::string number = std::get<domain::CertificateIssued>((*decoded)->event.body).certificate_no;
    CAPTURE(number);
    ++certificates;
    auto statement = app::MakeStatusStatement(demo.service(), signed_log, number, checkpoint, 1'796'000'000'000'000);
    REQUIRE(statement.ok());
    auto facts = app::CheckStatusStatement(statement->note + statement->proof, signed_log.LogVerifier(),
                                           signed_log.StatusVerifier());
    INFO(statement->note);
    REQUIRE(facts.ok());
    CHECK(*facts == statement->facts);
    const auto state = demo.service().CurrentState((*decoded)->stream_id.substr(std::string("cert-file/").size()));
    REQUIRE(state.ok());
    CHECK(facts->status == domain::ToWire(state->certificate->status));
    CHECK(facts->status_since == state->certificate->status_since.ToString());
    CHECK(facts->valid_until == state->certificate->valid_until.ToString());
    CHECK(facts->holder == state->certificate->holder_name);
    CHECK(facts->as_of == "2026-11-30T00:53:20Z");
    statuses.insert(facts->status);
  }
  CHECK(certificates > 10);
  CHECK(statuses == std::set<std::string>{"VALID", "SUSPENDED", "REVOKED", "CANCELLED"});
}

}  // namespace certreg::testing

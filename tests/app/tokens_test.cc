// Who may hold a token: user names a person can read and no one can mistake
// for another, and never the system actor's.
#include <catch2/catch.hpp>

#include <string>

#include "certreg/app/tokens.h"
#include "certreg/store/event_store.h"
#include "support/temp_dir.h"

using namespace certreg;
using certreg::testing::TempDir;

namespace {

std::unique_ptr<store::EventStore> OpenTokenStore(const std::string& path) {
  store::StoreOptions options;
  options.path = path;
  options.extra_column_families = {app::kTokensCf};
  auto opened = store::EventStore::Open(options);
  REQUIRE(opened.ok());
  return std::move(opened).value();
}

}  // namespace

TEST_CASE("a token is created for a name in any script", "[app][tokens]") {
  TempDir dir;
  auto store = OpenTokenStore(dir.path());
  app::TokenRegistry tokens(*store);
  CHECK(tokens.Create("clerk", "zhou.min", 1).ok());
  CHECK(tokens.Create("clerk", "周敏", 1).ok());
  CHECK(tokens.Create("clerk", "systems", 1).ok());
  CHECK(tokens.List()->size() == 3);
}

TEST_CASE("a token is refused for the system actor's name or a name with hidden characters, and nothing is written",
          "[app][tokens]") {
  TempDir dir;
  auto store = OpenTokenStore(dir.path());
  app::TokenRegistry tokens(*store);
  const std::string refused[] = {
      "system",                  // the actor of time-driven events
      "",                        // empty
      std::string(65, 'a'),      // longer than 64 bytes
      "has space",               //
      "tab\there",               // C0
      "del\x7f",                 // DEL
      "c1\xc2\x85",              // U+0085 (C1)
      "arabic\xd8\x9cmark",      // U+061C arabic letter mark
      "zero\xe2\x80\x8bwidth",   // U+200B
      "rlm\xe2\x80\x8f",         // U+200F
      "line\xe2\x80\xa8sep",     // U+2028
      "para\xe2\x80\xa9sep",     // U+2029
      "over\xe2\x80\xaeride",    // U+202E
      "joiner\xe2\x81\xa0",      // U+2060
      "invisible\xe2\x81\xa4",   // U+2064
      "isolate\xe2\x81\xa6",     // U+2066
      "pdi\xe2\x81\xa9",         // U+2069
      "\xef\xbb\xbf" "bom",      // U+FEFF
      "bad\xff",                 // not UTF-8
      "overlong\xc0\xaf",        // an overlong '/'
      "surrogate\xed\xa0\x80",   // U+D800
      "cut\xe5\x91",             // a sequence cut short
  };
  for (const std::string& name : refused) {
    INFO("name: " << name);
    auto created = tokens.Create("clerk", name, 1);
    CHECK(created.status().code() == Status::Code::kInvalidArgument);
  }
  CHECK(tokens.List()->empty());
}

TEST_CASE("a token authenticated many times is refused as soon as it is revoked, its wrong secrets always",
          "[app][tokens]") {
  TempDir dir;
  auto store = OpenTokenStore(dir.path());
  app::TokenRegistry tokens(*store);
  auto issued = tokens.Create("auditor", "li.na", 1);
  REQUIRE(issued.ok());
  auto other = tokens.Create("clerk", "wang.fang", 1);
  REQUIRE(other.ok());
  std::string wrong = issued->token;
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
  for (int i = 0; i < 3; ++i) {
    auto actor = tokens.Authenticate(issued->token);
    REQUIRE(actor.ok());
    CHECK(actor->name == "li.na");
    CHECK(actor->role == "auditor");
    CHECK(actor->token_id == issued->info.id);
    CHECK(tokens.Authenticate(wrong).status().code() == Status::Code::kNotFound);  // kept, still compared
  }
  REQUIRE(tokens.Revoke(issued->info.id, 2).ok());
  CHECK(tokens.Authenticate(issued->token).status().code() == Status::Code::kNotFound);
  CHECK(tokens.Authenticate(other->token).ok());  // another kept token is untouched
  // A registry opened afresh on the same store reads the revocation.
  app::TokenRegistry reopened(*store);
  CHECK(reopened.Authenticate(issued->token).status().code() == Status::Code::kNotFound);
  CHECK(reopened.Authenticate(other->token).ok());
}

// Bearer tokens for the staff API (api.md, "Users, roles, tokens").
//
// A token is "crt_<id>_<secret>": the id names it in lists, logs and on every
// event it writes (Actor::token_id); the secret is shown once, when created,
// and only its SHA-256 is kept, in the column family `tokens` (key: the id).
// One user name may hold several tokens, also of different roles.
//
// Thread-safe. Create and Revoke write through EventStore::WriteExtra, and
// are the only writers of `tokens` (the `certreg token` commands open the
// store themselves, so they run while no server holds it). Authenticate keeps
// the active tokens it has read (at most kMaxKnownTokens); Revoke drops its
// token from them before it returns, so a revoked token is refused at once.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/domain/events.h"
#include "certreg/store/event_store.h"

namespace certreg::app {

inline constexpr char kTokensCf[] = "tokens";

// clerk, auditor, committee, regulator, admin (domain.md §1), and metrics:
// a scraper's role, which may read /metrics and nothing else (operations.md §4).
const std::vector<std::string>& Roles();
bool IsRole(std::string_view role);

struct TokenInfo {
  std::string id;    // 16 hex digits
  std::string name;  // the user
  std::string role;
  std::int64_t created_at_micros = 0;
  std::optional<std::int64_t> revoked_at_micros;
};

struct IssuedToken {
  TokenInfo info;
  std::string token;  // the bearer token itself; not stored anywhere
};

class TokenRegistry {
 public:
  explicit TokenRegistry(store::EventStore& store) : store_(store) {}

  // InvalidArgument for an unknown role, or a user name that is empty, longer
  // than 64 bytes, or holds whitespace or control characters.
  Result<IssuedToken> Create(const std::string& role, const std::string& name, std::int64_t now_micros);

  // Every token ever created, revoked ones included, by id.
  Result<std::vector<TokenInfo>> List() const;

  // The token as revoked. NotFound for an unknown id; revoking a revoked
  // token changes nothing.
  Result<TokenInfo> Revoke(const std::string& id, std::int64_t now_micros);

  // The actor a presented token stands for. NotFound when the token is
  // malformed, unknown, revoked, or its secret does not match (one answer
  // for all, compared in constant time); other errors come from the store.
  Result<domain::Actor> Authenticate(std::string_view token) const;

 private:
  Result<std::optional<TokenInfo>> Find(const std::string& id, std::string* secret_hash) const;

  struct Known {
    std::string secret_hash;  // hex, as stored
    TokenInfo info;
  };

  store::EventStore& store_;
  mutable std::mutex known_mu_;
  mutable std::unordered_map<std::string, Known> known_;  // active tokens by id (known_mu_)
  // Raised by every Revoke (known_mu_): a token read from the store before a
  // revocation is not kept, as it may be the one revoked.
  mutable std::uint64_t revocations_ = 0;
};

// Active tokens Authenticate keeps at most; past it they are dropped all at once.
inline constexpr std::size_t kMaxKnownTokens = 10'000;

}  // namespace certreg::app

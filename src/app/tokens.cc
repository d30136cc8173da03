#include "certreg/app/tokens.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <string_view>

#include "certreg/common/ids.h"
#include "certreg/common/sha256.h"
#include "certreg/common/text.h"
#include "certreg/domain/events.h"

namespace certreg::app {
namespace {

constexpr std::string_view kPrefix = "crt_";
constexpr std::size_t kIdHexDigits = 16;
constexpr std::size_t kSecretHexDigits = 64;

// Stored value: name \t role \t sha256(secret) hex \t created \t revoked (empty when not revoked).
std::string EncodeRecord(const TokenInfo& info, const std::string& secret_hash) {
  return info.name + '\t' + info.role + '\t' + secret_hash + '\t' + std::to_string(info.created_at_micros) + '\t' +
         (info.revoked_at_micros ? std::to_string(*info.revoked_at_micros) : std::string());
}

std::optional<TokenInfo> DecodeRecord(const std::string& id, const std::string& value, std::string* secret_hash) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t tab = value.find('\t', start);
    parts.push_back(value.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  if (parts.size() != 5) return std::nullopt;
  TokenInfo info;
  info.id = id;
  info.name = parts[0];
  info.role = parts[1];
  try {
    info.created_at_micros = std::stoll(parts[3]);
    if (!parts[4].empty()) info.revoked_at_micros = std::stoll(parts[4]);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (secret_hash != nullptr) *secret_hash = parts[2];
  return info;
}

bool IsHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// "system" is the actor of time-driven events (domain::Actor::System()): no
// user may hold it, or the user would pass for the registry itself.
bool ValidUserName(const std::string& name) {
  if (name.empty() || name.size() > 64 || name == domain::Actor::System().name) return false;
  if (name.find(' ') != std::string::npos) return false;
  return !TextProblem(name, TextKind::kLine);  // controls, invisible and bidi characters, invalid UTF-8
}

}  // namespace

const std::vector<std::string>& Roles() {
  static const std::vector<std::string> roles = {"clerk", "auditor", "committee", "regulator", "admin", "metrics"};
  return roles;
}

bool IsRole(std::string_view role) {
  const auto& roles = Roles();
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

Result<IssuedToken> TokenRegistry::Create(const std::string& role, const std::string& name,
                                          std::int64_t now_micros) {
  if (!IsRole(role)) return Status::InvalidArgument("unknown role '" + role + "' (clerk, auditor, committee, regulator, admin, metrics)");
  if (!ValidUserName(name)) {
    return Status::InvalidArgument("the user name must be 1 to 64 bytes of UTF-8 without spaces, control, invisible or "
                                   "bidirectional characters, and not 'system'");
  }
  IssuedToken issued;
  issued.info.id = RandomHex(kIdHexDigits / 2);
  issued.info.name = name;
  issued.info.role = role;
  issued.info.created_at_micros = now_micros;
  const std::string secret = RandomHex(kSecretHexDigits / 2);
  issued.token = std::string(kPrefix) + issued.info.id + "_" + secret;
  CERTREG_RETURN_IF_ERROR(
      store_.WriteExtra({}, {{kTokensCf, issued.info.id, EncodeRecord(issued.info, ToHex(Sha256Of(secret)))}}));
  return issued;
}

Result<std::vector<TokenInfo>> TokenRegistry::List() const {
  std::vector<TokenInfo> tokens;
  std::string from;
  for (;;) {
    auto rows = store_.ScanExtra(kTokensCf, from, 500);
    if (!rows.ok()) return rows.status();
    for (const auto& [id, value] : *rows) {
      auto info = DecodeRecord(id, value, nullptr);
      if (!info) return Status::Corruption("token record " + id + " does not decode");
      tokens.push_back(std::move(*info));
    }
    if (rows->size() < 500) return tokens;
    from = rows->back().first + std::string(1, '\0');
  }
}

Result<std::optional<TokenInfo>> TokenRegistry::Find(const std::string& id, std::string* secret_hash) const {
  auto value = store_.GetExtra(kTokensCf, id);
  if (!value.ok()) return value.status();
  if (!value->has_value()) return std::optional<TokenInfo>();
  auto info = DecodeRecord(id, **value, secret_hash);
  if (!info) return Status::Corruption("token record " + id + " does not decode");
  return info;
}

Result<TokenInfo> TokenRegistry::Revoke(const std::string& id, std::int64_t now_micros) {
  std::string secret_hash;
  auto found = Find(id, &secret_hash);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return Status::NotFound("no token with id " + id);
  TokenInfo info = **found;
  if (info.revoked_at_micros) return info;
  info.revoked_at_micros = now_micros;
  CERTREG_RETURN_IF_ERROR(store_.WriteExtra({}, {{kTokensCf, id, EncodeRecord(info, secret_hash)}}));
  std::lock_guard<std::mutex> lock(known_mu_);
  known_.erase(id);
  ++revocations_;
  return info;
}

Result<domain::Actor> TokenRegistry::Authenticate(std::string_view token) const {
  const Status unknown = Status::NotFound("unknown or revoked token");
  if (token.size() != kPrefix.size() + kIdHexDigits + 1 + kSecretHexDigits || token.substr(0, kPrefix.size()) != kPrefix ||
      token[kPrefix.size() + kIdHexDigits] != '_') {
    return unknown;
  }
  const std::string id(token.substr(kPrefix.size(), kIdHexDigits));
  const std::string_view secret = token.substr(kPrefix.size() + kIdHexDigits + 1);
  if (!IsHex(id) || !IsHex(secret)) return unknown;
  std::optional<Known> known;
  std::uint64_t revocations = 0;
  {
    std::lock_guard<std::mutex> lock(known_mu_);
    if (const auto it = known_.find(id); it != known_.end()) known = it->second;
    revocations = revocations_;
  }
  if (!known) {
    Known read;
    auto found = Find(id, &read.secret_hash);
    if (!found.ok()) return found.status();
    if (!found->has_value() || (*found)->revoked_at_micros) return unknown;
    read.info = std::move(**found);
    known = read;
    std::lock_guard<std::mutex> lock(known_mu_);
    if (revocations == revocations_) {
      if (known_.size() >= kMaxKnownTokens) known_.clear();
      known_.emplace(id, std::move(read));
    }
  }
  const std::string presented_hash = ToHex(Sha256Of(secret));
  const std::string& stored_hash = known->secret_hash;
  if (presented_hash.size() != stored_hash.size() ||
      CRYPTO_memcmp(presented_hash.data(), stored_hash.data(), stored_hash.size()) != 0) {
    return unknown;
  }
  return domain::Actor{known->info.name, known->info.role, id};
}

}  // namespace certreg::app

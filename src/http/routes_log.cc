// The verifiable log (README, "The verifiable log: the tree"; trust.md §4):
// tlog-tiles hash tiles and entry bundles, RFC 6962 inclusion and
// consistency proofs. Everything is read from stored tree nodes.
//
// A tile path has one to three groups of digits ("x001/x234/067") and may end
// in ".p/<W>": the router matches whole segments, so each depth is a route,
// and the handler parses the whole path (Registry::LogTile).
#include <string>

#include "certreg/common/base64.h"
#include "http/router.h"

namespace certreg::http {
namespace {

constexpr char kTilePrefix[] = "/log/tile/";
constexpr char kImmutable[] = "public, max-age=31536000, immutable";
// Partial tiles are replaced by wider ones as the log grows: kept only briefly.
constexpr char kPartial[] = "public, max-age=1";
constexpr char kSizeHeader[] = "X-Certreg-Tree-Size";

const std::vector<std::string> kRegulator = {"regulator"};

// A decimal number as a path or query gives it: digits only, no leading zero.
std::optional<std::uint64_t> ParseCount(const std::string& text) {
  if (text.empty() || text.size() > 19 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

// A path that names nothing the log has, or malformed: 404 saying why.
void SendPathStatus(Call& call, const Status& status) {
  if (status.code() == Status::Code::kInvalidArgument || status.code() == Status::Code::kNotFound) {
    return SendProblem(call, ProblemOf(Status::NotFound(status.message())));
  }
  SendStatus(call, status);
}

void Tile(Api& api, Call& call, bool entries) {
  const std::string path = call.req.path.substr(sizeof(kTilePrefix) - 1);
  bool full = false;
  auto tile = api.registry.LogTile(path, entries, &full);
  if (!tile.ok()) return SendPathStatus(call, tile.status());
  // Entry bundles hold confidential audit content (regulators only): never in a shared cache.
  call.res.headers.erase("Cache-Control");
  std::string cache = full ? kImmutable : kPartial;
  if (entries) cache.replace(0, 6, "private");
  call.res.set_header("Cache-Control", cache);
  call.res.status = 200;
  call.res.set_content(std::move(tile).value(), "application/octet-stream");
}

void HashTile(Api& api, Call& call) { Tile(api, call, /*entries=*/false); }
void EntryBundle(Api& api, Call& call) { Tile(api, call, /*entries=*/true); }

void SendHashes(Call& call, std::string head, const std::vector<Digest>& hashes) {
  for (const Digest& hash : hashes) {
    head += Base64Encode(std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
    head += '\n';
  }
  call.res.status = 200;
  call.res.set_content(head, "text/plain; charset=utf-8");
}

// c2sp.org/tlog-proof@v1 without its checkpoint (none is signed yet): the
// index line and the proof's hashes. `size` defaults to the current tree.
void InclusionProof(Api& api, Call& call) {
  auto index = ParseCount(call.param("index"));
  if (!index) return SendProblem(call, NotFound("leaf " + call.param("index")));
  std::uint64_t size = api.registry.Head().size;
  const auto size_text = call.query("size");
  if (size_text) {
    auto parsed = ParseCount(*size_text);
    if (!parsed || *parsed == 0) {
      return SendProblem(call, InvalidQuery("size", "a tree size is a whole number from 1 to the log's size"));
    }
    size = *parsed;
  }
  // The keys step gates `size` on signed checkpoints: a size no checkpoint has is 404 then.
  auto proof = api.registry.LogInclusionProof(*index, size);
  if (!proof.ok()) return SendPathStatus(call, proof.status());
  call.res.set_header("Cache-Control", size_text ? kImmutable : "no-cache");
  call.res.set_header(kSizeHeader, std::to_string(size));
  SendHashes(call, "c2sp.org/tlog-proof@v1\nindex " + std::to_string(*index) + "\n", *proof);
}

// The RFC 6962 consistency proof, one base64 hash a line (as tlog-witness sends it).
void ConsistencyProof(Api& api, Call& call) {
  auto old_size = ParseCount(call.param("old"));
  auto new_size = ParseCount(call.param("new"));
  if (!old_size || !new_size) {
    return SendProblem(call, NotFound("consistency proof " + call.param("old") + "/" + call.param("new")));
  }
  auto proof = api.registry.LogConsistencyProof(*old_size, *new_size);
  if (!proof.ok()) return SendPathStatus(call, proof.status());
  call.res.set_header("Cache-Control", kImmutable);
  call.res.set_header(kSizeHeader, std::to_string(*new_size));
  SendHashes(call, "", *proof);
}

// The log's and the status statements' verifier keys (signed-note vkeys), one a line.
void VerifierKeys(Api& api, Call& call) {
  if (api.options.log_verifier_keys.empty()) return SendProblem(call, NotFound("the log's verifier keys"));
  call.res.set_header("Cache-Control", "no-cache");
  call.res.status = 200;
  call.res.set_content(api.options.log_verifier_keys, "text/plain; charset=utf-8");
}

}  // namespace

void AddLogRoutes(Router& r) {
  // Entry bundles first: "entries" would also match a hash tile's {level}.
  r.Add("GET", "/log/tile/entries/{a}", kRegulator, EntryBundle);
  r.Add("GET", "/log/tile/entries/{a}/{b}", kRegulator, EntryBundle);
  r.Add("GET", "/log/tile/entries/{a}/{b}/{c}", kRegulator, EntryBundle);
  r.Add("GET", "/log/tile/entries/{a}/{b}/{c}/{d}", kRegulator, EntryBundle);
  r.Add("GET", "/log/tile/{level}/{a}", {}, HashTile);
  r.Add("GET", "/log/tile/{level}/{a}/{b}", {}, HashTile);
  r.Add("GET", "/log/tile/{level}/{a}/{b}/{c}", {}, HashTile);
  r.Add("GET", "/log/tile/{level}/{a}/{b}/{c}/{d}", {}, HashTile);
  r.Add("GET", "/log/proof/inclusion/{index}", {}, InclusionProof);
  r.Add("GET", "/log/proof/consistency/{old}/{new}", {}, ConsistencyProof);
  r.Add("GET", "/log/vkey", {}, VerifierKeys);
}

}  // namespace certreg::http

// The verifiable log (README, "The verifiable log: the tree"; trust.md §4):
// the latest published checkpoint, tlog-tiles hash tiles and entry bundles,
// RFC 6962 inclusion and consistency proofs against signed checkpoints.
// Tiles and proofs are read from stored tree nodes.
//
// A tile path has one to three groups of digits ("x001/x234/067") and may end
// in ".p/<W>": the router matches whole segments, so each depth is a route,
// and the handler parses the whole path (Registry::LogTile).
#include <string>

#include "certreg/app/status_statement.h"
#include "certreg/common/base64.h"
#include "certreg/domain/events.h"
#include "http/log_sizes.h"
#include "http/router.h"

namespace certreg::http {
namespace {

constexpr char kTilePrefix[] = "/log/tile/";
constexpr char kImmutable[] = "public, max-age=31536000, immutable";
// Partial tiles are replaced by wider ones as the log grows: kept only briefly.
constexpr char kPartial[] = "public, max-age=1";
constexpr char kSizeHeader[] = "X-Certreg-Tree-Size";

const std::vector<std::string> kRegulator = {"regulator"};

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

std::string Base64Of(const Digest& hash) {
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
}

// Whether the request carries a valid regulator token (on a route anyone may
// call: the answer only says more to a regulator).
bool IsRegulator(Api& api, Call& call) {
  const std::string auth = call.req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() <= kBearer.size() || auth.compare(0, kBearer.size(), kBearer) != 0) return false;
  auto actor = api.tokens.Authenticate(std::string_view(auth).substr(kBearer.size()));
  if (!actor.ok() || actor->role != "regulator") return false;
  call.actor = *actor;
  return true;
}

// c2sp.org/tlog-proof@v1: the leaf's bytes on an `extra` line when it is a
// public event or the caller a regulator, its index, the inclusion proof,
// a blank line, the checkpoint (with any cosignatures).
void InclusionProof(Api& api, Call& call) {
  auto index = ParseCount(call.param("index"));
  if (!index) return SendProblem(call, NotFound("leaf " + call.param("index")));
  const auto size_text = call.query("size");
  if (size_text && (size_text->empty() || *size_text == "0" || !ParseCount(*size_text))) {
    return SendProblem(call, InvalidQuery("size", "a tree size is a whole number from 1 to the log's size"));
  }
  auto checkpoint = ProofCheckpoint(api, size_text);
  if (!checkpoint.ok()) return SendPathStatus(call, checkpoint.status());
  const std::uint64_t size = checkpoint->body.size;
  auto proof = app::TlogProof(api.registry, *index, *checkpoint, [&](std::string_view type) {
    return domain::IsPublicEvent(type) || IsRegulator(api, call);
  });
  if (!proof.ok()) return SendPathStatus(call, proof.status());
  // Who may see `extra` depends on the token: a shared cache keeps only the public form.
  const bool for_regulator = call.actor.has_value();
  call.res.set_header("Cache-Control", for_regulator ? "private, no-store" : size_text ? kImmutable : "no-cache");
  call.res.set_header(kSizeHeader, std::to_string(size));
  call.res.status = 200;
  call.res.set_content(std::move(proof).value(), "text/plain; charset=utf-8");
}

// The RFC 6962 consistency proof between two signed sizes, one base64 hash a
// line (as tlog-witness sends it).
void ConsistencyProof(Api& api, Call& call) {
  auto old_size = ParseCount(call.param("old"));
  auto new_size = ParseCount(call.param("new"));
  if (!old_size || !new_size) {
    return SendProblem(call, NotFound("consistency proof " + call.param("old") + "/" + call.param("new")));
  }
  for (const std::string& size : {call.param("old"), call.param("new")}) {
    if (size == "0") continue;  // the empty tree needs no signature: its proof is empty
    auto checkpoint = ProofCheckpoint(api, size);
    if (!checkpoint.ok()) return SendPathStatus(call, checkpoint.status());
  }
  auto proof = api.registry.LogConsistencyProof(*old_size, *new_size);
  if (!proof.ok()) return SendPathStatus(call, proof.status());
  call.res.set_header("Cache-Control", kImmutable);
  call.res.set_header(kSizeHeader, std::to_string(*new_size));
  std::string body;
  for (const Digest& hash : *proof) body += Base64Of(hash) + "\n";
  call.res.status = 200;
  call.res.set_content(body, "text/plain; charset=utf-8");
}

// The latest published checkpoint (C2SP tlog-checkpoint), always revalidated.
void Checkpoint(Api& api, Call& call) {
  auto published = api.signed_log.Published();
  if (!published) {
    // Before the first is signed, or while witnesses have not cosigned one.
    Problem unavailable = ProblemOf(Status::Busy("no checkpoint"));
    unavailable.detail = "no checkpoint is published yet; try again shortly";
    call.res.set_header("Retry-After", "1");
    return SendProblem(call, unavailable);
  }
  call.res.set_header("Cache-Control", "no-cache");
  call.res.set_header(kSizeHeader, std::to_string(published->body.size));
  call.res.status = 200;
  call.res.set_content(published->note, "text/plain; charset=utf-8");
}

// The log's and the status statements' verifier keys (signed-note vkeys), one a line.
void VerifierKeys(Api& api, Call& call) {
  call.res.set_header("Cache-Control", "no-cache");
  call.res.status = 200;
  call.res.set_content(api.signed_log.VerifierKeys(), "text/plain; charset=utf-8");
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
  r.Add("GET", "/log/checkpoint", {}, Checkpoint);
}

}  // namespace certreg::http

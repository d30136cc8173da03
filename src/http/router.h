// Internal to the HTTP room: the route table, what a handler gets, and the
// helpers every handler uses to answer.
//
// Paths are matched segment by segment against patterns such as
// "/api/v1/files/{file_id}/audits/{audit_id}"; a {name} segment matches any
// one non-empty segment and is handed to the handler, percent-decoded.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "certreg/app/registry.h"
#include "certreg/app/tokens.h"
#include "certreg/http/server.h"
#include "http/lookup_cache.h"
#include "http/metrics.h"
#include "http/problem.h"
#include "http/trusted_proxy.h"

namespace certreg::http {

class FeedHub;      // http/feed_hub.h
struct StreamSlot;    // http/connection_loop.h
struct DeferredSlot;  // http/connection_loop.h

// What the handlers share: the registry and the server's settings.
struct Api {
  app::Registry& registry;  // everything the handlers read or do goes through it
  app::TokenRegistry& tokens;
  app::SignedLog& signed_log;  // checkpoints and status statements
  Metrics& metrics;
  LookupCache& lookups;  // rendered public lookups
  const ServerOptions& options;
  std::string public_base_url;  // configured, or the listen address unless a wildcard; empty: from Host (public_url.h)
  std::string listen_url;       // http://HOST:PORT of the bound listener
  FeedHub* feed = nullptr;      // the change feed's stream clients (set by the server)
};

// One request being answered.
struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  std::map<std::string, std::string> params;  // path parameters by name
  std::optional<domain::Actor> actor;         // set for /api/v1 routes
  std::string request_id;
  RequestOrigin origin;  // the client's address and scheme, forwarding headers believed from trusted proxies only
  StreamSlot* stream = nullptr;  // set by the server: a handler that answers with a stream fills it
  // Set by the server on a worker: a handler that answers later fills it;
  // `req`, `res` and this Call stay valid until its `finish` answered.
  DeferredSlot* deferred = nullptr;

  const std::string& param(const std::string& name) const { return params.at(name); }
  // A query parameter; nullopt when absent.
  std::optional<std::string> query(const char* name) const;
};

// The scheme the client used, "http" or "https": a trusted proxy's
// X-Forwarded-Proto, else "http" (the server itself speaks no TLS). For
// public URLs built from the Host header when no public_base_url is set.
inline const std::string& ForwardedProto(const Call& call) { return call.origin.scheme; }
// The client's address: the right-most X-Forwarded-For entry that is not a
// trusted proxy when the peer is one, else the peer's address.
inline const std::string& ClientAddress(const Call& call) { return call.origin.client_address; }

using Handler = std::function<void(Api&, Call&)>;
// Runs on the connection layer's event thread, before any worker: answers
// (and returns true) only when the answer is at hand without rendering,
// waiting or writing (a kept public lookup); else returns false having set
// nothing, and the route's Handler answers on a worker.
using QuickHandler = std::function<bool(Api&, Call&)>;

struct Route {
  std::string method;               // GET, POST, PUT
  std::string pattern;              // also the route label of metrics and logs
  std::vector<std::string> roles;   // who may call it; empty: anyone, no token needed
  Handler handler;
  QuickHandler quick;               // empty: always on a worker; only for routes without roles
};

class Router {
 public:
  void Add(std::string method, std::string pattern, std::vector<std::string> roles, Handler handler);
  // A route for anyone whose answers `quick` may give on the event thread.
  void AddQuick(std::string method, std::string pattern, QuickHandler quick, Handler handler);
  // The route for a path: the route and its parameters, or nullptr. When the
  // path exists under other methods only, `allowed` lists them (for 405).
  const Route* Match(const std::string& method, const std::string& path, std::map<std::string, std::string>* params,
                     std::vector<std::string>* allowed) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> segments_;  // of each route's pattern
};

// --- answering ----------------------------------------------------------------
void SendJson(Call& call, int status, const nlohmann::json& body);
void SendProblem(Call& call, const Problem& problem);
// A query parameter that must be an integer from 1 to `max`; `fallback` when
// absent. When malformed it answers 422 itself and returns nullopt.
std::optional<int> PositiveQuery(Call& call, const char* name, int fallback, int max);
// The `page` and `page_size` query parameters of a paged list (api.md:
// page from 1, page_size up to projections::kMaxPageSize). False when one is
// malformed: it answered 422 itself.
bool PageQuery(Call& call, int* page, int* page_size);
// ETag of a file's stream version: "\"7\"".
void SetVersionTag(Call& call, std::uint64_t version);

// --- the route groups (one file each) -------------------------------------------------
void AddAllRoutes(Router& router);          // every group below (routes_all.cc)
void AddFileRoutes(Router& router);         // /api/v1/applications, /api/v1/files...
void AddCertificateRoutes(Router& router);  // /api/v1/certificates/{no}...
void AddRegulatorRoutes(Router& router);    // events, timeline, the log
void AddPublicRoutes(Router& router);       // /public/v1
void AddLookupRoutes(Router& router);       // POST /public/v1/certificates/lookup (routes_lookup.cc)
void AddPageRoutes(Router& router);         // /, /certificates/{no}, /assets/{name}, the QR code
void AddOperationsRoutes(Router& router);   // /healthz, /metrics, /openapi.json
void AddTokenRoutes(Router& router);        // /api/v1/tokens (admin)
void AddAdminRoutes(Router& router);        // /api/v1/admin/backups (admin)
void AddLogRoutes(Router& router);          // /log: the verifiable log's tiles and proofs
void AddStatementRoutes(Router& router);    // /public/v1/certificates/{no}/statement: the status statement
void AddFeedRoutes(Router& router);         // /public/v1/feed and its stream (routes_feed.cc)

// Role lists of api.md.
inline const std::vector<std::string> kStaffReaders = {"clerk", "auditor", "committee", "regulator"};
inline const std::vector<std::string> kClerk = {"clerk"};
inline const std::vector<std::string> kAuditor = {"auditor"};
inline const std::vector<std::string> kCommittee = {"committee"};

}  // namespace certreg::http

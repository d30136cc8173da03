// The one route table (router.h, AddAllRoutes), for the server and for
// RegisteredRoutes() (certreg/http/server.h).
#include "certreg/http/server.h"
#include "http/router.h"

namespace certreg::http {

void AddAllRoutes(Router& router) {
  AddPublicRoutes(router);
  AddLookupRoutes(router);
  AddPageRoutes(router);
  AddFileRoutes(router);
  AddCertificateRoutes(router);
  AddRegulatorRoutes(router);
  AddOperationsRoutes(router);
  AddTokenRoutes(router);
  AddAdminRoutes(router);
  AddLogRoutes(router);
  AddStatementRoutes(router);
  AddFeedRoutes(router);
}

std::vector<RouteInfo> RegisteredRoutes() {
  Router router;
  AddAllRoutes(router);
  std::vector<RouteInfo> out;
  for (const Route& route : router.routes()) out.push_back({route.method, route.pattern, route.roles});
  return out;
}

}  // namespace certreg::http

// The one path every write endpoint takes (api.md, "Conventions"):
// Content-Type and JSON checks, Idempotency-Key and If-Match, the body parsed
// into a command, the command executed by the application service, and the
// result rendered: 201 with Location when it creates a resource, else 200;
// a replay answers the original result with Idempotent-Replayed: true.
#pragma once

#include "http/command_bodies.h"
#include "http/router.h"

namespace certreg::http {

enum class WriteTarget {
  kNewFile,      // POST /api/v1/applications
  kFile,         // /api/v1/files/{file_id}/...
  kCertificate,  // /api/v1/certificates/{certificate_no}/...: the certificate's file
};

Handler WriteHandler(WriteTarget target, CommandParser parser);

}  // namespace certreg::http

// Internal to the HTTP room: the bytes of one HTTP/1.1 answer.
//
// Every answer carries Content-Length (never chunked); an answer to HEAD has
// the same headers as the GET answer and no body; 1xx, 204 and 304 have
// neither. Headers the handler set for framing (Content-Length,
// Transfer-Encoding, Connection) are replaced by the writer's own. A status
// the handler left unset (-1) is 200.
#pragma once

#include <string>

#include <httplib.h>

namespace certreg::http {

// `keep_alive`: whether the connection stays open after this answer; when
// it does not, the answer says `Connection: close`.
std::string SerializeResponse(const httplib::Request& request, const httplib::Response& response, bool keep_alive);

// The head of a streamed answer (connection_loop.h, StreamSlot): the status
// line and the handler's headers, no Content-Length, `Connection: close` (the
// body is every byte until the connection closes); the body is ignored.
std::string SerializeStreamHead(const httplib::Response& response);

// The reason phrase of a status code ("Not Found"); "Unknown" for codes it does not name.
const char* ReasonPhrase(int status);

}  // namespace certreg::http

#include "http/response_writer.h"

#include <cctype>

#include <fmt/format.h>

namespace certreg::http {
namespace {

bool IsFramingHeader(const std::string& name) {
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "content-length" || lower == "transfer-encoding" || lower == "connection";
}

}  // namespace

const char* ReasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    case 507: return "Insufficient Storage";
    default: return "Unknown";
  }
}

std::string SerializeResponse(const httplib::Request& request, const httplib::Response& response, bool keep_alive) {
  const int status = response.status < 0 ? 200 : response.status;
  const bool bodiless = (status >= 100 && status < 200) || status == 204 || status == 304;
  std::string out = fmt::format("HTTP/1.1 {} {}\r\n", status, ReasonPhrase(status));
  for (const auto& [name, value] : response.headers) {
    if (IsFramingHeader(name)) continue;  // the writer's own
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!bodiless) out += fmt::format("Content-Length: {}\r\n", response.body.size());
  if (!keep_alive) {
    out += "Connection: close\r\n";
  } else if (request.version == "HTTP/1.0") {
    out += "Connection: keep-alive\r\n";
  }
  out += "\r\n";
  if (!bodiless && request.method != "HEAD") out += response.body;
  return out;
}

std::string SerializeStreamHead(const httplib::Response& response) {
  const int status = response.status < 0 ? 200 : response.status;
  std::string out = fmt::format("HTTP/1.1 {} {}\r\n", status, ReasonPhrase(status));
  for (const auto& [name, value] : response.headers) {
    if (IsFramingHeader(name)) continue;
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  out += "Connection: close\r\n\r\n";
  return out;
}

}  // namespace certreg::http

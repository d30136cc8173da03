#include "http/witness_client.h"

#include <httplib.h>

namespace certreg::http {

Result<WitnessUrl> ParseWitnessUrl(std::string_view url) {
  const auto refuse = [&] {
    return Status::InvalidArgument("witness URL '" + std::string(url) +
                                   "' is not http(s)://HOST[:PORT][/PATH] (no query, fragment or user)");
  };
  std::string_view rest;
  if (url.substr(0, 7) == "http://") {
    rest = url.substr(7);
  } else if (url.substr(0, 8) == "https://") {
    rest = url.substr(8);
  } else {
    return refuse();
  }
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '?' || c == '#' || c == '@' || c == '\\') return refuse();
  }
  const std::size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  // HOST, [IPv6] or either with :PORT (1..65535).
  const std::size_t bracket = authority.rfind(']');
  const std::size_t colon = authority.rfind(':');
  std::string_view host = authority;
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    host = authority.substr(0, colon);
    const std::string_view port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(port)) == 0 || std::stoi(std::string(port)) > 65535) {
      return refuse();
    }
  }
  if (host.empty() || host == "[]") return refuse();
  const std::size_t scheme_end = url.find("://") + 3;
  return WitnessUrl{std::string(url.substr(0, scheme_end)) + std::string(authority), std::string(path)};
}

Status CheckWitnessUrl(std::string_view url) { return ParseWitnessUrl(url).status(); }

struct WitnessClient::Impl {
  Impl(const WitnessUrl& parsed, std::chrono::milliseconds timeout) : url(parsed), client(parsed.origin) {
    const auto seconds = static_cast<time_t>(timeout.count() / 1000);
    const auto micros = static_cast<time_t>(timeout.count() % 1000 * 1000);
    client.set_connection_timeout(seconds, micros);
    client.set_read_timeout(seconds, micros);
    client.set_write_timeout(seconds, micros);
    client.set_keep_alive(true);
    client.set_follow_location(false);
  }
  WitnessUrl url;
  httplib::Client client;
};

WitnessClient::WitnessClient(const std::string& url, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(ParseWitnessUrl(url).value(), timeout)) {}

WitnessClient::~WitnessClient() = default;

WitnessReply WitnessClient::AddCheckpoint(const std::string& body) {
  WitnessReply reply;
  auto res = impl_->client.Post(impl_->url.path + "/add-checkpoint", body, "text/plain");
  if (!res) {
    reply.error = httplib::to_string(res.error());
    return reply;
  }
  reply.status = res->status;
  reply.content_type = res->get_header_value("Content-Type");
  reply.body = std::move(res->body);
  return reply;
}

}  // namespace certreg::http

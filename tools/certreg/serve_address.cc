// DATA/serve.address and the small HTTP client that talks to it.
#include "certreg/serve_address.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace certreg::tool {

bool ParseListen(const std::string& listen, std::string* host, int* port) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) return false;
  *host = listen.substr(0, colon);
  const std::string digits = listen.substr(colon + 1);
  if (digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  *port = std::stoi(digits);
  return *port <= 65535;
}

namespace fs = std::filesystem;

void WriteServeAddress(const std::string& data, const std::string& host, int port) {
  const fs::path target = fs::path(data) / kServeAddressFile;
  const fs::path temporary = fs::path(data) / (std::string(kServeAddressFile) + ".tmp");
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << host << ":" << port << "\n";
    out.flush();
    if (!out) {
      spdlog::warn("cannot write {}: `certreg backup` will not find this server", temporary.string());
      return;
    }
  }
  std::error_code ec;
  fs::rename(temporary, target, ec);
  if (ec) spdlog::warn("cannot write {}: {}", target.string(), ec.message());
}

void RemoveServeAddress(const std::string& data) {
  std::error_code ec;
  fs::remove(fs::path(data) / kServeAddressFile, ec);
}

Result<std::string> ReadServeAddress(const std::string& data) {
  const fs::path path = fs::path(data) / kServeAddressFile;
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line) || line.empty()) return Status::NotFound(path.string() + " is missing");
  const std::size_t colon = line.rfind(':');
  if (colon == std::string::npos) return Status::Corruption(path.string() + " does not hold HOST:PORT");
  std::string host = line.substr(0, colon);
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::" || host == "[::]") host = "::1";
  return host + line.substr(colon);
}

Result<HttpAnswer> HttpRequest(const std::string& address, const std::string& method, const std::string& target,
                               const std::string& bearer_token, const std::string& json_body) {
  const std::size_t colon = address.rfind(':');
  std::string host = address.substr(0, colon);
  if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
  const std::string port = address.substr(colon + 1);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr) {
    return Status::IOError("cannot resolve " + address);
  }
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd >= 0 && ::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) return Status::IOError("cannot connect to " + address + " (is the server running?)");
  std::string request = fmt::format("{} {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nAccept: application/json\r\n",
                                    method, target, address);
  if (!bearer_token.empty()) request += "Authorization: Bearer " + bearer_token + "\r\n";
  if (!json_body.empty()) {
    request += fmt::format("Content-Type: application/json\r\nContent-Length: {}\r\n", json_body.size());
  }
  request += "\r\n" + json_body;
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      ::close(fd);
      return Status::IOError("the connection to " + address + " broke while sending");
    }
    sent += static_cast<std::size_t>(n);
  }
  std::string response;
  char buffer[1 << 14];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) response.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  HttpAnswer answer;
  const std::size_t end_of_head = response.find("\r\n\r\n");
  if (response.rfind("HTTP/1.1 ", 0) != 0 || end_of_head == std::string::npos || response.size() < 12) {
    return Status::IOError("no HTTP answer from " + address);
  }
  answer.status = std::atoi(response.substr(9, 3).c_str());
  answer.body = response.substr(end_of_head + 4);
  return answer;
}

}  // namespace certreg::tool

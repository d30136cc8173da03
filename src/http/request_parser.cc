#include "http/request_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string_view>

namespace certreg::http {
namespace {

// Blank lines skipped before a request; one more is refused, so that they
// cannot keep a connection open for ever.
constexpr std::size_t kMaxBlankLines = 4;

// A chunk-size line (hex digits and extensions) longer than this is not a chunk size.
constexpr std::size_t kMaxChunkLine = 1024;

constexpr std::array<std::string_view, 7> kKnownMethods = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};

// RFC 9110 tchar: the characters of a method or a header field name.
bool IsTokenChar(unsigned char c) {
  return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return IsTokenChar(static_cast<unsigned char>(c)); });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A line without its terminating "\r" (the "\n" is not part of it).
std::string_view WithoutCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Calls `fn` with each comma-separated, trimmed element of every value of `name`.
template <typename Fn>
void ForEachElement(const httplib::Headers& headers, const char* name, Fn fn) {
  auto [begin, end] = headers.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    std::string_view rest = it->second;
    for (;;) {
      const std::size_t comma = rest.find(',');
      fn(Trim(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
}

}  // namespace

RequestParser::Step RequestParser::Refuse(int status, std::string detail) {
  phase_ = Phase::kRefused;
  refusal_ = {status, std::move(detail)};
  return Step::kRefused;
}

RequestParser::Step RequestParser::Feed(std::string& in) {
  if (phase_ == Phase::kRefused) return Step::kRefused;
  if (phase_ == Phase::kDone) return Step::kComplete;
  std::size_t pos = 0;
  Step step = Step::kNeedMore;
  if (phase_ == Phase::kHead) step = ReadHead(in, &pos);
  if (step == Step::kNeedMore && phase_ == Phase::kFixedBody) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(body_left_, in.size() - pos));
    request_.body.append(in, pos, n);
    pos += n;
    body_left_ -= n;
    if (body_left_ == 0) {
      phase_ = Phase::kDone;
      step = Step::kComplete;
    }
  } else if (step == Step::kNeedMore && phase_ != Phase::kHead) {
    step = ReadChunked(in, &pos);
  }
  in.erase(0, pos);
  return step;
}

RequestParser::Step RequestParser::ReadHead(std::string& in, std::size_t* pos) {
  // A few blank lines before a request are skipped (RFC 9112 §2.2).
  for (; !started_ && *pos < in.size() && (in[*pos] == '\r' || in[*pos] == '\n'); ++*pos) {
    if (in[*pos] == '\n' && ++blank_lines_ > kMaxBlankLines) {
      return Refuse(400, "more than " + std::to_string(kMaxBlankLines) + " blank lines before a request");
    }
  }
  if (*pos == in.size()) return Step::kNeedMore;
  started_ = true;
  const std::size_t start = *pos;
  const std::size_t line_end = in.find('\n', start);
  if (line_end == std::string::npos || line_end - start > limits_.max_request_line + 1) {
    if (in.size() - start > limits_.max_request_line + 1) {
      return Refuse(414, "the request line exceeds " + std::to_string(limits_.max_request_line) + " bytes");
    }
    return Step::kNeedMore;
  }
  // Header lines, each counted once however many reads the head takes.
  const std::size_t fields_start = line_end + 1 - start;
  std::size_t cursor = std::max(scanned_, fields_start);
  for (;;) {
    const std::size_t nl = in.find('\n', start + cursor);
    if (nl == std::string::npos) {
      scanned_ = cursor;
      if (in.size() - start - fields_start > limits_.max_header_bytes) break;
      return Step::kNeedMore;
    }
    const std::string_view line = WithoutCr(std::string_view(in).substr(start + cursor, nl - start - cursor));
    cursor = nl + 1 - start;
    if (line.empty()) {
      *pos = nl + 1;
      return ParseHead(in.substr(start, nl + 1 - start));
    }
    if (++field_count_ > limits_.max_headers) {
      return Refuse(431, "a request may have at most " + std::to_string(limits_.max_headers) + " header fields");
    }
    if (cursor - fields_start > limits_.max_header_bytes) break;
  }
  return Refuse(431, "the header block exceeds " + std::to_string(limits_.max_header_bytes) + " bytes");
}

RequestParser::Step RequestParser::ParseHead(const std::string& head) {
  std::string_view rest = head;
  bool first = true;
  while (!rest.empty()) {
    const std::size_t nl = rest.find('\n');
    const std::string_view line = WithoutCr(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
    if (first) {
      first = false;
      if (Step s = ParseRequestLine(std::string(line)); s != Step::kNeedMore) return s;
      continue;
    }
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') return Refuse(400, "folded header lines are not accepted");
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
      return Refuse(400, "a header line is not \"name: value\"");
    }
    const std::string_view value = Trim(line.substr(colon + 1));
    const bool controls = std::any_of(value.begin(), value.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return (u < 0x20 && c != '\t') || u == 0x7f;
    });
    if (controls) return Refuse(400, "a header value holds control characters");
    request_.headers.emplace(std::string(line.substr(0, colon)), std::string(value));
  }
  return ChooseFraming();
}

RequestParser::Step RequestParser::ParseRequestLine(const std::string& line) {
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string::npos || line.find(' ', sp2 + 1) != std::string::npos) {
    return Refuse(400, "the request line is not \"METHOD target HTTP/1.1\"");
  }
  const std::string method = line.substr(0, sp1);
  const std::string target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string version = line.substr(sp2 + 1);
  if (!IsToken(method)) return Refuse(400, "the request line is not \"METHOD target HTTP/1.1\"");
  request_.method = method;
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    const bool looks_like_http = version.size() == 8 && version.compare(0, 5, "HTTP/") == 0 &&
                                 std::isdigit(static_cast<unsigned char>(version[5])) && version[6] == '.' &&
                                 std::isdigit(static_cast<unsigned char>(version[7]));
    if (looks_like_http) return Refuse(505, "only HTTP/1.0 and HTTP/1.1 are served");
    return Refuse(400, "the request line is not \"METHOD target HTTP/1.1\"");
  }
  const bool bad_target = target.empty() || (target.front() != '/' && target != "*") ||
                          std::any_of(target.begin(), target.end(), [](char c) {
                            const auto u = static_cast<unsigned char>(c);
                            return u <= 0x20 || u == 0x7f;
                          });
  if (bad_target) return Refuse(400, "the request target is not a path");
  const std::size_t question = target.find('?');
  request_.path = httplib::detail::decode_url(target.substr(0, question), false);
  if (question != std::string::npos && question + 1 < target.size()) {
    httplib::detail::parse_query_text(target.substr(question + 1), request_.params);
  }
  request_.target = target;
  request_.version = version;
  if (std::find(kKnownMethods.begin(), kKnownMethods.end(), method) == kKnownMethods.end()) {
    return Refuse(501, "the method is not one of GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS");
  }
  return Step::kNeedMore;
}

RequestParser::Step RequestParser::ChooseFraming() {
  const httplib::Headers& headers = request_.headers;
  bool lengths_valid = true;
  std::optional<std::uint64_t> length;
  ForEachElement(headers, "Content-Length", [&](std::string_view v) {
    const bool digits = !v.empty() && v.size() <= 18 &&
                        std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) {
      lengths_valid = false;
      return;
    }
    const std::uint64_t n = std::stoull(std::string(v));
    if (length && *length != n) lengths_valid = false;
    length = n;
  });
  if (!lengths_valid) return Refuse(400, "the Content-Length is not one decimal number");
  const bool has_te = headers.find("Transfer-Encoding") != headers.end();
  if (has_te && headers.find("Content-Length") != headers.end()) {
    return Refuse(400, "a request may not carry both Content-Length and Transfer-Encoding");
  }
  if (has_te) {
    std::string codings;
    ForEachElement(headers, "Transfer-Encoding", [&](std::string_view v) { codings += (codings.empty() ? "" : ",") + Lower(v); });
    if (codings != "chunked") return Refuse(501, "the only Transfer-Encoding accepted is chunked");
  }
  if (length && *length > limits_.max_body_bytes) {
    return Refuse(413, "the request body exceeds the limit of " + std::to_string(limits_.max_body_bytes) + " bytes");
  }
  bool encoded = false;
  ForEachElement(headers, "Content-Encoding", [&](std::string_view v) { encoded |= Lower(v) != "identity"; });
  if (encoded) {
    return Refuse(415, "compressed request bodies are not accepted (Content-Encoding): send the body uncompressed");
  }
  const bool has_body = has_te || (length && *length > 0);
  // An HTTP/1.0 client cannot read a 100 Continue: its Expect is ignored (RFC 9110 §10.1.1).
  expects_continue_ = has_body && request_.version == "HTTP/1.1" &&
                      Lower(request_.get_header_value("Expect")) == "100-continue";
  if (has_te) {
    phase_ = Phase::kChunkSize;
  } else if (has_body) {
    body_left_ = *length;  // the body grows as its bytes arrive, never reserved up front
    phase_ = Phase::kFixedBody;
  } else {
    phase_ = Phase::kDone;
    return Step::kComplete;
  }
  return Step::kNeedMore;
}

RequestParser::Step RequestParser::ReadChunked(std::string& in, std::size_t* pos) {
  for (;;) {
    switch (phase_) {
      case Phase::kChunkSize: {
        const std::size_t nl = in.find('\n', *pos);
        if (nl == std::string::npos) {
          if (in.size() - *pos > kMaxChunkLine) return Refuse(400, "a chunk size line is too long");
          return Step::kNeedMore;
        }
        const std::string_view line = WithoutCr(std::string_view(in).substr(*pos, nl - *pos));
        *pos = nl + 1;
        std::uint64_t size = 0;
        std::size_t i = 0;
        for (; i < line.size() && std::isxdigit(static_cast<unsigned char>(line[i])); ++i) {
          if (i == 15) return Refuse(400, "a chunk size is too large");
          const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(line[i])));
          size = size * 16 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
        }
        const std::string_view extension = Trim(line.substr(i));
        if (i == 0 || (!extension.empty() && extension.front() != ';')) {
          return Refuse(400, "the chunked body's framing is malformed");
        }
        if (size == 0) {
          phase_ = Phase::kTrailers;
        } else if (size > limits_.max_body_bytes - request_.body.size()) {
          return Refuse(413, "the request body exceeds the limit of " + std::to_string(limits_.max_body_bytes) + " bytes");
        } else {
          body_left_ = size;
          phase_ = Phase::kChunkData;
        }
        break;
      }
      case Phase::kChunkData: {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(body_left_, in.size() - *pos));
        request_.body.append(in, *pos, n);
        *pos += n;
        body_left_ -= n;
        if (body_left_ > 0) return Step::kNeedMore;
        phase_ = Phase::kChunkEnd;
        break;
      }
      case Phase::kChunkEnd: {
        const std::string_view rest = std::string_view(in).substr(*pos);
        if (rest.empty() || (rest.front() == '\r' && rest.size() < 2)) return Step::kNeedMore;
        if (rest.front() == '\n') {
          *pos += 1;
        } else if (rest.compare(0, 2, "\r\n") == 0) {
          *pos += 2;
        } else {
          return Refuse(400, "the chunked body's framing is malformed");
        }
        phase_ = Phase::kChunkSize;
        break;
      }
      case Phase::kTrailers: {
        const std::size_t nl = in.find('\n', *pos);
        const std::size_t pending = (nl == std::string::npos ? in.size() : nl) - *pos;
        if (trailer_bytes_ + pending > limits_.max_header_bytes) {
          return Refuse(431, "the trailer block exceeds " + std::to_string(limits_.max_header_bytes) + " bytes");
        }
        if (nl == std::string::npos) return Step::kNeedMore;
        const std::string_view line = WithoutCr(std::string_view(in).substr(*pos, nl - *pos));
        *pos = nl + 1;
        if (line.empty()) {
          phase_ = Phase::kDone;
          return Step::kComplete;
        }
        trailer_bytes_ += pending + 1;
        if (++field_count_ > limits_.max_headers) {
          return Refuse(431, "a request may have at most " + std::to_string(limits_.max_headers) + " header fields");
        }
        break;  // trailers are read and dropped
      }
      default:
        return Step::kNeedMore;
    }
  }
}

httplib::Request RequestParser::TakeRequest() {
  httplib::Request out = std::move(request_);
  request_ = httplib::Request();
  phase_ = Phase::kHead;
  started_ = false;
  expects_continue_ = false;
  scanned_ = 0;
  body_left_ = 0;
  trailer_bytes_ = 0;
  field_count_ = 0;
  blank_lines_ = 0;
  return out;
}

bool WantsKeepAlive(const httplib::Request& request) {
  bool close = false;
  bool keep_alive = false;
  ForEachElement(request.headers, "Connection", [&](std::string_view v) {
    const std::string token = Lower(v);
    close |= token == "close";
    keep_alive |= token == "keep-alive";
  });
  if (close) return false;
  return request.version == "HTTP/1.1" || keep_alive;
}

}  // namespace certreg::http

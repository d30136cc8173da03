#include "certreg/logging.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "certreg/commands.h"
#include "certreg/http/server.h"

namespace certreg::tool {
namespace {

using http::kAccessLogger;

enum class Form { kText, kJson };

// The sd-daemon priority prefix of a level (sd-daemon.h: SD_ERR "<3>" ...).
const char* Priority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::critical: return "<2>";
    case spdlog::level::err: return "<3>";
    case spdlog::level::warn: return "<4>";
    case spdlog::level::info: return "<6>";
    default: return "<7>";  // debug, trace
  }
}

std::string_view LevelName(spdlog::level::level_enum level) {
  const auto name = spdlog::level::to_string_view(level);
  return {name.data(), name.size()};
}

// "2026-12-01T04:00:00.123Z"
std::string UtcInstant(spdlog::log_clock::time_point when) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03d}Z", std::string_view(buf, n), static_cast<int>(ms % 1000));
}

// Formats every line of the sink, whichever logger wrote it.
class LineFormatter final : public spdlog::formatter {
 public:
  LineFormatter(Form form, bool journal)
      : form_(form), journal_(journal), text_(journal ? "%l %v" : "%Y-%m-%dT%H:%M:%S.%e%z %l %v") {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    if (journal_) {
      const std::string_view prefix = Priority(msg.level);
      dest.append(prefix.data(), prefix.data() + prefix.size());
    }
    if (form_ == Form::kText) return text_.format(msg, dest);
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    const bool access = std::string_view(msg.logger_name.data(), msg.logger_name.size()) == kAccessLogger;
    std::string line;
    if (access && payload.size() > 2 && payload.front() == '{') {
      // The access logger's JSON object, with ts and level put first.
      line = fmt::format("{{\"ts\":\"{}\",\"level\":\"{}\",{}", UtcInstant(msg.time), LevelName(msg.level),
                         payload.substr(1));
    } else {
      const nlohmann::json object = {{"ts", UtcInstant(msg.time)}, {"level", LevelName(msg.level)}, {"msg", payload}};
      line = object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    line += '\n';
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<LineFormatter>(form_, journal_);
  }

 private:
  const Form form_;
  const bool journal_;
  spdlog::pattern_formatter text_;
};

}  // namespace

void AddLoggingOptions(CLI::App* serve, ServeArgs& args) {
  serve->add_option("--log-format", args.log_format, "log lines as text, or as one JSON object a line")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  serve->add_option("--log-level", args.log_level, "the least severe lines logged")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  serve->add_option("--trusted-proxy", args.trusted_proxies,
                    "CIDR of a reverse proxy whose X-Forwarded-For and X-Forwarded-Proto are believed "
                    "(repeatable; e.g. 127.0.0.1/32, 10.0.0.0/8, ::1/128); none by default");
}

bool StderrIsJournal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr) return false;
  unsigned long long device = 0, inode = 0;
  if (std::sscanf(stream, "%llu:%llu", &device, &inode) != 2) return false;
  struct stat st {};
  if (::fstat(STDERR_FILENO, &st) != 0) return false;
  return static_cast<unsigned long long>(st.st_dev) == device && static_cast<unsigned long long>(st.st_ino) == inode;
}

bool SetUpLogging(const ServeArgs& args) {
  Form form = Form::kText;
  if (args.log_format == "json") {
    form = Form::kJson;
  } else if (args.log_format != "text") {
    fmt::print(stderr, "certreg serve: --log-format must be text or json, not {}\n", args.log_format);
    return false;
  }
  const std::vector<std::pair<const char*, spdlog::level::level_enum>> levels = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug}, {"info", spdlog::level::info},
      {"warn", spdlog::level::warn},   {"error", spdlog::level::err},   {"off", spdlog::level::off}};
  auto level = std::find_if(levels.begin(), levels.end(), [&](const auto& l) { return args.log_level == l.first; });
  if (level == levels.end()) {
    fmt::print(stderr, "certreg serve: --log-level must be one of trace, debug, info, warn, error, off; not {}\n",
               args.log_level);
    return false;
  }
  spdlog::sink_ptr sink;
  try {
    sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>("/dev/stderr");
  } catch (const spdlog::spdlog_ex&) {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();  // no /dev/stderr: unbuffered, as it is
  }
  sink->set_formatter(std::make_unique<LineFormatter>(form, StderrIsJournal()));
  auto main = std::make_shared<spdlog::logger>("certreg", sink);
  auto access = std::make_shared<spdlog::logger>(kAccessLogger, sink);
  spdlog::drop(kAccessLogger);
  spdlog::set_default_logger(main);
  spdlog::register_logger(access);
  spdlog::set_level(level->second);
  spdlog::flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
  return true;
}

}  // namespace certreg::tool

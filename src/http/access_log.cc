#include "http/access_log.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "http/log_text.h"

namespace certreg::http {

void WriteAccessLog(spdlog::logger& logger, const AccessRecord& r, bool json) {
  if (!logger.should_log(spdlog::level::info)) return;
  if (json) {
    const nlohmann::ordered_json line = {
        {"request_id", r.request_id},
        {"method", r.method},
        {"path", r.path},
        {"query", r.query},
        {"status", r.status},
        {"bytes", r.bytes},
        {"ms", static_cast<double>(static_cast<std::int64_t>(r.ms * 1000 + 0.5)) / 1000},
        {"actor", r.actor.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(r.actor)},
        {"remote", r.remote},
        {"user_agent", r.user_agent},
    };
    logger.info(line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    return;
  }
  logger.info("{} {} {} {} {:.3f}ms actor={} remote={}", r.request_id, LogText(r.method), LogText(r.path), r.status,
              r.ms, r.actor.empty() ? std::string_view("-") : r.actor, LogText(r.remote));
}

}  // namespace certreg::http

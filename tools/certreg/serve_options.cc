// The settings of `certreg serve` (README, "Configuration"); each
// is also CERTREG_<FLAG> in the environment and a key of the [serve] section
// of the --config file.
#include <CLI/CLI.hpp>

#include "certreg/settings.h"

namespace certreg::tool {

void AddServeOptions(CLI::App* serve, ServeArgs& args) {
  serve->option_defaults()->always_capture_default();  // --print-config shows every default
  serve->add_flag("--print-config", args.print_config,
                  "print the effective settings as a --config file and exit, without opening the store")
      ->configurable(false);
  serve->add_option("--listen", args.listen, "HOST:PORT to listen on (port 0: any free port)");
  serve->add_option("--calendar", args.calendar, "working-day calendar (JSON); default DATA/calendar.json or weekends");
  serve->add_option("--scheme", args.scheme, "scheme file (JSON); default the built-in CMM-525-0010 scheme");
  serve->add_option("--time-zone", args.time_zone, "the registry's time zone, an IANA name (dates, end of day)");
  serve->add_option("--public-base-url", args.public_base_url,
                    "the registry's public address http(s)://HOST[:PORT][/PATH], encoded in QR codes "
                    "(default: the request's Host, else http://HOST:PORT of --listen)");
  serve->add_option("--log-origin", args.log_origin,
                    "the verifiable log's origin, its signing key's name, when the keys are made "
                    "(default: HOST[:PORT]/log of --public-base-url, else certreg.invalid/log)");
  serve->add_option("--log-key", args.log_key,
                    "FILE: the log's signing key in Go's PRIVATE+KEY+<origin>+... form (mode 0600): copied into "
                    "DATA/keys when it has none, else it must be the key there; its name is the origin");
  serve->add_option("--body-name", args.body_name, "the certification body's name, shown on the public page");
  serve->add_option("--body-contact", args.body_contact, "the body's contact (telephone, e-mail), shown on the page");
  serve->add_option("--complaint-channel", args.complaint_channel,
                    "where complaints and appeals go, shown on the public page");
  serve->add_option("--icp-filing", args.icp_filing, "the site's ICP filing number (e.g. 京ICP备12345678号-1)");
  serve->add_option("--threads", args.threads, "worker threads running handlers on complete requests")
      ->check(CLI::Range(4, 4096));
  serve->add_option("--max-body", args.max_body_bytes, "largest request body in bytes (413 above)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{64} << 20));
  serve->add_option("--max-connections", args.max_connections,
                    "open connections at most; at the cap the oldest idle one is closed, else the new one")
      ->check(CLI::Range(std::size_t{16}, std::size_t{1'000'000}));
  serve->add_option("--read-timeout", args.read_timeout_seconds,
                    "seconds a request's head, then its body, may take to arrive (408 after)")
      ->check(CLI::Range(1, 3600));
  serve->add_option("--keep-alive-timeout", args.keep_alive_seconds,
                    "seconds a connection may wait between requests before it is closed")
      ->check(CLI::Range(1, 3600));
  serve->add_option("--max-request-line", args.max_request_line_bytes, "longest request line in bytes (414 above)")
      ->check(CLI::Range(std::size_t{256}, std::size_t{1} << 20));
  serve->add_option("--max-headers", args.max_header_count, "most header fields in a request (431 above)")
      ->check(CLI::Range(std::size_t{8}, std::size_t{10'000}));
  serve->add_option("--max-header-bytes", args.max_header_bytes, "largest header block in bytes (431 above)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 20));
  serve->add_option("--max-connections-per-address", args.max_connections_per_address,
                    "open connections from one client address at most (more are closed at once); 0: no cap, "
                    "as behind a reverse proxy")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1'000'000}));
  serve->add_option("--max-buffered-request-mb", args.max_buffered_request_mb,
                    "MiB of request heads and bodies held across all connections before a read gets 503")
      ->check(CLI::Range(std::size_t{1}, std::size_t{64} << 10));
  serve->add_option("--sweep-interval", args.sweep_interval_seconds,
                    "seconds between runs of the time-driven rules (also run at start); 0: never")
      ->check(CLI::Range(0, 86400 * 7));
  serve->add_option("--checkpoint-interval", args.checkpoint_interval_seconds,
                    "seconds: a checkpoint of the verifiable log is signed at most this often while the log grows "
                    "(also at start and at a clean stop)")
      ->check(CLI::Range(0.01, 3600.0));
  serve->add_option("--witness", args.witnesses,
                    "NAME=URL of a witness of the verifiable log (repeatable; tlog-witness add-checkpoint at "
                    "URL/add-checkpoint, http or https); none by default");
  serve->add_option("--witness-vkey", args.witness_vkeys,
                    "a witness's cosignature/v1 verifier key NAME+ID+KEY, one for each --witness NAME (repeatable)");
  serve->add_option("--witness-quorum", args.witness_quorum,
                    "witnesses that must cosign a checkpoint before GET /log/checkpoint serves it; 0: all of them")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000}));
  serve->add_option("--witness-refresh", args.witness_refresh_seconds,
                    "seconds: the latest checkpoint is sent to the witnesses again at least this often, for a "
                    "fresh cosignature, even when the log did not grow")
      ->check(CLI::Range(0.1, 86400.0));
  serve->add_option("--disk-reserve-mb", args.disk_reserve_mb,
                    "writes are refused (507) while the data directory has less free space than this; 0: none")
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{1} << 30));
  serve->add_option("--memory-budget-mb", args.memory_budget_mb,
                    "RocksDB's memory: one block cache shared by all tables, memtables charged to it")
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 20));
  serve->add_option("--feed-heartbeat", args.feed_heartbeat_seconds,
                    "seconds: the change feed's stream sends every client a comment line this often")
      ->check(CLI::Range(0.05, 3600.0));
  serve->add_option("--max-feed-streams", args.max_feed_streams,
                    "clients of the change feed's stream at most; more get 503 with Retry-After")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
  serve->add_option("--feed-stream-buffer-kb", args.feed_stream_buffer_kb,
                    "KiB a stream client may fall behind (sent, not yet taken by its socket) before it is "
                    "disconnected; it resumes from its cursor")
      ->check(CLI::Range(std::size_t{4}, std::size_t{1} << 20));
}

}  // namespace certreg::tool

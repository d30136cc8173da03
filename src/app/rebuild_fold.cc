// The rebuild's pass over the log: one scanning thread, files folded on
// several threads, each file on one of them.
//
// A file's fold needs only the order of the file's own events; the history
// rows are keyed by the file's stream versions and the feed rows by log
// positions, so the files' rows may be made in any interleaving. The
// scanner copies each event's bytes into its worker's batches (each event
// 8-byte aligned, so it decodes in place); a worker hands emptied batches
// back for reuse.
#include "app/rebuild_fold.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "app/channel.h"
#include "certreg/codec/domain_codec.h"
#include "certreg/projections/feed.h"

namespace certreg::app {
namespace {

constexpr std::string_view kStreamPrefix = "cert-file/";
constexpr std::size_t kBatchBytes = 256 * 1024;  // about 300 events
constexpr std::size_t kQueuedBatches = 8;        // per worker

// Consecutive events of one worker, copied as they are.
struct RawBatch {
  std::string bytes;                   // the events' bytes, one after another
  std::vector<std::size_t> ends;       // where each event's bytes end in `bytes`
  std::vector<std::uint64_t> positions;  // each event's log position
};

// Which worker folds the file `id`.
std::size_t WorkerOf(std::string_view id, std::size_t workers) { return std::hash<std::string_view>()(id) % workers; }

// A worker's hand-over: batches to fold, and emptied ones back.
struct Lane {
  Channel<RawBatch> full{kQueuedBatches};
  Channel<RawBatch> spare{kQueuedBatches + 2};
};

// The scanning thread: routes the log's events before `head` of files into
// their workers' lanes. Stops when a lane is closed (a worker failed).
Status ScanIntoLanes(const store::EventStore& store, std::uint64_t head, std::vector<Lane>& lanes) {
  std::vector<RawBatch> batches(lanes.size());
  for (RawBatch& batch : batches) batch.bytes.reserve(kBatchBytes + 4096);
  bool open = true;
  Status failure;
  Status scanned = store.ScanLog(0, [&](std::uint64_t position, std::string_view bytes) {
    if (position >= head) return false;
    auto stream = codec::StoredStreamId(bytes);
    if (!stream.ok()) {
      failure = stream.status().WithContext("event " + std::to_string(position));
      return false;
    }
    const std::string_view id(*stream);
    if (!id.starts_with(kStreamPrefix)) return true;  // another stream
    const std::size_t w = WorkerOf(id.substr(kStreamPrefix.size()), lanes.size());
    RawBatch& batch = batches[w];
    batch.bytes.append(bytes);
    batch.bytes.resize((batch.bytes.size() + 7) / 8 * 8);  // the next event aligned too
    batch.ends.push_back(batch.bytes.size());
    batch.positions.push_back(position);
    if (batch.bytes.size() < kBatchBytes) return true;
    open = lanes[w].full.Push(std::move(batch));
    batch = lanes[w].spare.TryPop().value_or(RawBatch());
    batch.bytes.reserve(kBatchBytes + 4096);
    return open;
  });
  for (std::size_t w = 0; open && w < lanes.size(); ++w) {
    if (!batches[w].ends.empty()) lanes[w].full.Push(std::move(batches[w]));
  }
  CERTREG_RETURN_IF_ERROR(scanned);
  return failure;
}

// One worker: folds its lane's events into its files' projectors, adding a
// file's current rows to `out` as soon as its last event is folded (its
// stream's version, read at its first event) and dropping its state, so that
// only the states of files still being folded are held; files whose last
// event comes after the head are finished at the end.
class Worker {
 public:
  Worker(const store::EventStore& store, std::vector<std::string> ids, const domain::Scheme& scheme,
         const RegistryClock& clock)
      : store_(store), ids_(std::move(ids)), scheme_(scheme), clock_(clock) {
    files_.reserve(ids_.size());
    for (const std::string& id : ids_) files_.try_emplace(id);
  }

  // Stops when the lane closes early: a worker `failed` (this one closes
  // every lane then, which stops the scanner and the other workers).
  Status Run(std::vector<Lane>& lanes, std::size_t w, std::atomic<bool>& failed, projections::ProjectionWrites& out,
             std::uint64_t& events) {
    Lane& lane = lanes[w];
    const auto fail = [&](Status status) {
      failed = true;
      for (Lane& each : lanes) each.full.Close();
      return status;
    };
    out.reserve(ids_.size() * 30);  // a certified file makes about thirty rows
    while (std::optional<RawBatch> batch = lane.full.Pop()) {
      for (std::size_t i = 0, begin = 0; i < batch->ends.size(); begin = batch->ends[i++]) {
        const std::string_view bytes = std::string_view(batch->bytes).substr(begin, batch->ends[i] - begin);
        if (Status folded = Fold(batch->positions[i], bytes, out, events); !folded.ok()) return fail(folded);
      }
      batch->bytes.clear();
      batch->ends.clear();
      batch->positions.clear();
      lane.spare.Push(std::move(*batch));
    }
    if (failed) return Status::Ok();  // the scanner or the failing worker reports
    for (const std::string& id : ids_) {
      auto file = files_.find(id);
      if (file->second.finished) continue;
      if (!file->second.projector.state().exists) return Status::NotFound("file " + id);
      Finish(*file, out);
    }
    return Status::Ok();
  }

 private:
  // Lets the map be searched with a string_view.
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  struct FileFold {
    projections::FileProjector projector;
    std::uint64_t last_version = 0;  // of its stream, read at its first event (0: not yet)
    bool finished = false;           // its current rows are made and its state dropped
  };
  using Files = std::unordered_map<std::string, FileFold, StringHash, std::equal_to<>>;

  void Finish(Files::value_type& file, projections::ProjectionWrites& out) {
    file.second.projector.Finish(file.first, scheme_, out);
    file.second.projector = projections::FileProjector();
    file.second.finished = true;
  }

  Status Fold(std::uint64_t position, std::string_view bytes, projections::ProjectionWrites& out,
              std::uint64_t& events) {
    auto decoded = codec::DecodeStoredEvent(bytes, kStreamPrefix, nullptr);
    if (!decoded.ok()) return decoded.status().WithContext("event " + std::to_string(position));
    if (!decoded->has_value()) return Status::Ok();
    auto file = files_.find(std::string_view((*decoded)->stream_id).substr(kStreamPrefix.size()));
    if (file == files_.end()) return Status::Ok();  // not a file of the registry
    if (file->second.finished) {
      return Status::Corruption("event " + std::to_string(position) + " of file " + file->first +
                                " after its stream's last version " + std::to_string(file->second.last_version));
    }
    if (file->second.last_version == 0) {
      Result<std::uint64_t> version = store_.StreamVersion((*decoded)->stream_id);
      if (!version.ok()) return version.status().WithContext("file " + file->first);
      file->second.last_version = *version;
    }
    domain::Event& event = (*decoded)->event;
    event.recorded_on = clock_.DateOf(event.recorded_at_micros);
    projections::FileProjector& projector = file->second.projector;
    projector.Add(event, scheme_, out);
    if (auto row = projections::FeedRowWrite(position, event, projector.state())) out.push_back(*row);
    ++events;
    if (projector.state().version == file->second.last_version) Finish(*file, out);
    return Status::Ok();
  }

  const store::EventStore& store_;
  std::vector<std::string> ids_;
  const domain::Scheme& scheme_;
  const RegistryClock& clock_;
  Files files_;
};

}  // namespace

Result<FoldedLog> FoldLog(const store::EventStore& store, std::uint64_t head, const std::vector<std::string>& file_ids,
                          const domain::Scheme& scheme, const RegistryClock& clock, std::size_t workers) {
  workers = std::max<std::size_t>(workers, 1);
  std::vector<std::vector<std::string>> ids(workers);
  for (const std::string& id : file_ids) ids[WorkerOf(id, workers)].push_back(id);
  std::vector<Lane> lanes(workers);
  FoldedLog folded;
  folded.parts.resize(workers);
  std::vector<std::uint64_t> events(workers);
  std::vector<Status> results(workers);
  std::atomic<bool> failed = false;
  Status scanned;
  std::thread scanner([&] {
    scanned = ScanIntoLanes(store, head, lanes);
    if (!scanned.ok()) failed = true;
    for (Lane& lane : lanes) lane.full.Close();
  });
  std::vector<std::thread> others;
  auto run = [&](std::size_t w) {
    Worker worker(store, std::move(ids[w]), scheme, clock);
    results[w] = worker.Run(lanes, w, failed, folded.parts[w], events[w]);
    lanes[w].spare.Close();
  };
  for (std::size_t w = 1; w < workers; ++w) others.emplace_back(run, w);
  run(0);
  for (std::thread& other : others) other.join();
  scanner.join();
  CERTREG_RETURN_IF_ERROR(scanned);
  for (const Status& result : results) CERTREG_RETURN_IF_ERROR(result);
  for (std::uint64_t n : events) folded.events += n;
  return folded;
}

}  // namespace certreg::app

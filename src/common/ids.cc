#include "certreg/common/ids.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <pthread.h>

#include <array>
#include <atomic>
#include <cstring>
#include <stdexcept>

#include "certreg/common/sha256.h"

namespace certreg {
namespace {

void FillRandom(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) {
    throw std::runtime_error("the system random generator failed");  // no safe way to go on
  }
}

// Raised in a child of fork(): the pools the child inherited are not drawn from.
std::atomic<unsigned> fork_generation{0};

// Each thread draws the CSPRNG's bytes 512 at a time and hands out small
// requests from them (a RAND_bytes call costs microseconds through OpenSSL
// 3's providers, whatever its size): a byte is handed out once, then wiped. A forked child
// draws afresh rather than repeat its parent's bytes.
class RandomPool {
 public:
  RandomPool() {
    static const bool registered = [] {
      return ::pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1); }) == 0;
    }();
    if (!registered) throw std::runtime_error("cannot register the random pool's fork handler");
  }
  void Take(unsigned char* out, std::size_t n) {
    const unsigned generation = fork_generation.load(std::memory_order_relaxed);
    if (generation != generation_ || used_ + n > bytes_.size()) {
      FillRandom(bytes_.data(), bytes_.size());
      used_ = 0;
      generation_ = generation;
    }
    std::memcpy(out, bytes_.data() + used_, n);
    OPENSSL_cleanse(bytes_.data() + used_, n);
    used_ += n;
  }
  ~RandomPool() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }

  static constexpr std::size_t kMaxTake = 32;

 private:
  std::array<unsigned char, 512> bytes_{};
  std::size_t used_ = 512;
  unsigned generation_ = 0;
};

RandomPool& ThreadPool() {
  thread_local RandomPool pool;
  return pool;
}

std::string RandomBytes(std::size_t n) {
  std::string out(n, '\0');
  auto* data = reinterpret_cast<unsigned char*>(out.data());
  if (n > RandomPool::kMaxTake) {
    FillRandom(data, n);
  } else {
    ThreadPool().Take(data, n);
  }
  return out;
}

}  // namespace

std::string RandomHex(std::size_t n) { return ToHex(RandomBytes(n)); }

std::string NewUuid() {
  unsigned char b[16];
  ThreadPool().Take(b, sizeof(b));
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(36, '-');
  std::size_t at = 0;
  for (std::size_t i = 0; i < sizeof(b); ++i) {
    if (at == 8 || at == 13 || at == 18 || at == 23) ++at;  // the dashes, already in place
    out[at++] = kDigits[b[i] >> 4];
    out[at++] = kDigits[b[i] & 0x0f];
  }
  return out;
}

}  // namespace certreg

// RFC 6962 §2.1 transcribed as directly as possible, over the leaves
// themselves (no stored nodes): MTH, PATH and PROOF, the reference the
// tree's tests compare certreg/store/merkle.h and the store against.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "certreg/common/sha256.h"
#include "certreg/store/merkle.h"

namespace certreg::testing::rfc6962 {

// The largest power of two smaller than n (n > 1).
inline std::uint64_t K(std::uint64_t n) {
  std::uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// MTH(D[a:b]).
inline Digest Mth(const std::vector<std::string>& d, std::uint64_t a, std::uint64_t b) {
  if (b == a) return Sha256Of("");
  if (b - a == 1) return store::merkle::LeafHash(d[a]);
  const std::uint64_t k = K(b - a);
  return store::merkle::NodeHash(Mth(d, a, a + k), Mth(d, a + k, b));
}

// PATH(m, D[a:b]).
inline std::vector<Digest> Path(std::uint64_t m, const std::vector<std::string>& d, std::uint64_t a, std::uint64_t b) {
  if (b - a <= 1) return {};
  const std::uint64_t k = K(b - a);
  std::vector<Digest> out;
  if (m < k) {
    out = Path(m, d, a, a + k);
    out.push_back(Mth(d, a + k, b));
  } else {
    out = Path(m - k, d, a + k, b);
    out.push_back(Mth(d, a, a + k));
  }
  return out;
}

// SUBPROOF(m, D[a:b], whole); PROOF(m, D[0:n]) is Subproof(m, d, 0, n, true).
inline std::vector<Digest> Subproof(std::uint64_t m, const std::vector<std::string>& d, std::uint64_t a,
                                    std::uint64_t b, bool whole) {
  const std::uint64_t n = b - a;
  if (m == n) return whole ? std::vector<Digest>{} : std::vector<Digest>{Mth(d, a, b)};
  const std::uint64_t k = K(n);
  std::vector<Digest> out;
  if (m <= k) {
    out = Subproof(m, d, a, a + k, whole);
    out.push_back(Mth(d, a + k, b));
  } else {
    out = Subproof(m - k, d, a + k, b, false);
    out.push_back(Mth(d, a, a + k));
  }
  return out;
}

}  // namespace certreg::testing::rfc6962

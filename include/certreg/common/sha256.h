// SHA-256 over byte strings (OpenSSL EVP underneath). Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace certreg {

using Digest = std::array<std::uint8_t, 32>;

// Incremental SHA-256. Add() any number of pieces, then Finish() once.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Sha256& Add(std::string_view bytes);
  Sha256& Add(const void* data, std::size_t size);
  Digest Finish();

 private:
  void* ctx_;  // EVP_MD_CTX*, owned
};

Digest Sha256Of(std::string_view bytes);

// Lower-case hexadecimal of any byte string / digest.
std::string ToHex(std::string_view bytes);
std::string ToHex(const Digest& digest);

// Parses lower- or upper-case hex; false when malformed.
bool FromHex(std::string_view hex, std::string* out);

}  // namespace certreg

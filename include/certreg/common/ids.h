// Random identifiers from the operating system's CSPRNG (OpenSSL RAND_bytes),
// drawn 512 bytes at a time per thread for requests of up to 32 bytes (each
// byte handed out once, then wiped). Thread-safe.
#pragma once

#include <string>

namespace certreg {

// A random RFC 4122 version-4 UUID in lower-case text form.
std::string NewUuid();

// `n` random bytes as lower-case hex (2n characters).
std::string RandomHex(std::size_t n);

}  // namespace certreg

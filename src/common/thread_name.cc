#include "certreg/common/thread_name.h"

#include <pthread.h>

#include <string>

namespace certreg {

void NameThread(std::thread& thread, std::string_view name) {
  constexpr std::size_t kMaxBytes = 15;  // the kernel's 16 with the terminating NUL
  const std::string cut(name.substr(0, kMaxBytes));
  (void)pthread_setname_np(thread.native_handle(), cut.c_str());
}

}  // namespace certreg

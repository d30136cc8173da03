// Names a thread as `top -H`, `ps -L`, `perf` and debuggers show it (Linux:
// at most 15 bytes; a longer name is cut). Called by the thread that started
// it, so that the name is there as soon as the thread is. Never fails: a name
// the system refuses leaves the thread as it was.
#pragma once

#include <string_view>
#include <thread>

namespace certreg {

void NameThread(std::thread& thread, std::string_view name);

}  // namespace certreg

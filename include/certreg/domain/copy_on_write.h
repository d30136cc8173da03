// CopyOnWrite<C>: a container (std::vector, std::map) shared between copies
// until one of them changes it. Copying costs one reference count; the first
// change through a copy whose container is shared copies the container, so a
// change never shows in another copy. A FileState is copied per command
// (before and after); its large parts are held in these.
//
// Reads look like the container's: begin/end, size, find, at, back, ==.
// Only the named mutators (push_back, emplace_back, operator[] of a map,
// back(), mut()) may copy; non-const begin/end/find read, so iterating a
// non-const state never copies it.
//
// Thread safety: as the container's. Copies held by several threads may be
// read concurrently; each copy is changed by one thread at a time. A
// container is changed in place only when this copy is its only holder.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <utility>

namespace certreg::domain {

template <class C>
class CopyOnWrite {
 public:
  using value_type = typename C::value_type;
  using size_type = typename C::size_type;
  using const_iterator = typename C::const_iterator;
  using iterator = const_iterator;  // reading never copies; change through mut()

  CopyOnWrite() = default;
  CopyOnWrite(C container) : held_(std::make_shared<C>(std::move(container))) {}  // NOLINT: reads as C

  // The container, to read.
  const C& get() const { return held_ ? *held_ : Empty(); }
  operator const C&() const { return get(); }  // NOLINT: reads as C

  // The container, to change: copied first when another copy holds it too.
  C& mut() {
    if (!held_) {
      held_ = std::make_shared<C>();
    } else if (held_.use_count() != 1) {
      held_ = std::make_shared<C>(*held_);
    } else {
      // The other holders' last reads happen before this change (they
      // released their references; use_count's load is relaxed).
      std::atomic_thread_fence(std::memory_order_acquire);
    }
    return *held_;
  }

  // True when both copies hold the same container (no copy was made).
  bool SharesWith(const CopyOnWrite& other) const { return held_ != nullptr && held_ == other.held_; }

  const_iterator begin() const { return get().begin(); }
  const_iterator end() const { return get().end(); }
  auto rbegin() const { return get().rbegin(); }
  auto rend() const { return get().rend(); }
  size_type size() const { return get().size(); }
  bool empty() const { return get().empty(); }
  const value_type& back() const { return get().back(); }
  const value_type& front() const { return get().front(); }
  template <class K>
  const_iterator find(const K& key) const { return get().find(key); }
  template <class K>
  size_type count(const K& key) const { return get().count(key); }
  template <class K>
  const auto& at(const K& key) const { return get().at(key); }
  const value_type& operator[](size_type i) const
    requires requires(const C& c, size_type n) { c[n]; }
  {
    return get()[i];
  }

  value_type& back() { return mut().back(); }
  void push_back(value_type value) { mut().push_back(std::move(value)); }
  template <class... Args>
  value_type& emplace_back(Args&&... args) { return mut().emplace_back(std::forward<Args>(args)...); }
  // A map's entry for `key`, made when absent.
  template <class K>
  auto& operator[](K&& key)
    requires requires(C& c) { c.try_emplace(std::forward<K>(key)); }
  {
    return mut()[std::forward<K>(key)];
  }

  friend bool operator==(const CopyOnWrite& a, const CopyOnWrite& b) { return a.get() == b.get(); }
  friend bool operator==(const CopyOnWrite& a, const C& b) { return a.get() == b; }

 private:
  static const C& Empty() {
    static const C empty;
    return empty;
  }

  std::shared_ptr<C> held_;  // null: empty
};

}  // namespace certreg::domain

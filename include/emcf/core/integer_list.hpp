#pragma once
/// @file
/// @brief A growable list of plain integers whose resize() costs a compare, for outputs
///        that a kernel sizes to its worst case, fills and shrinks once per call.

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <type_traits>
#include <utility>

#include <emcf/core/config.hpp>

EMCF_BEGIN_NAMESPACE

/// Contiguous list of trivially copyable values with the reading and copying interface
/// of std::vector (size, data, [], begin/end, ==, assign). Unlike std::vector, resize()
/// leaves new elements uninitialised and stays inline while the size fits the capacity:
/// a solver that sizes the list to a problem's worst case and shrinks it to what it
/// wrote pays a compare per problem, not a call that fills (measured: 4 % of the
/// instructions of a stream of temporal solves). The capacity never shrinks.
/// Copy into a std::vector with `std::vector<T>(list.begin(), list.end())`.
/// @tparam T trivially copyable element type (integers)
template <class T>
class IntegerList {
    static_assert(std::is_trivially_copyable_v<T>, "IntegerList holds plain values");

  public:
    using value_type = T;
    using size_type = std::size_t;
    using iterator = T*;
    using const_iterator = const T*;

    IntegerList() = default;
    IntegerList(const IntegerList& other) { assign(other.begin(), other.end()); }
    IntegerList(IntegerList&& other) noexcept
        : data_(std::move(other.data_)), size_(std::exchange(other.size_, 0)),
          capacity_(std::exchange(other.capacity_, 0))
    {
    }
    IntegerList& operator=(const IntegerList& other)
    {
        if (this != &other) {
            assign(other.begin(), other.end());
        }
        return *this;
    }
    IntegerList& operator=(IntegerList&& other) noexcept
    {
        data_ = std::move(other.data_);
        size_ = std::exchange(other.size_, 0);
        capacity_ = std::exchange(other.capacity_, 0);
        return *this;
    }
    ~IntegerList() = default;

    [[nodiscard]] size_type size() const noexcept { return size_; }
    [[nodiscard]] size_type capacity() const noexcept { return capacity_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] T* data() noexcept { return data_.get(); }
    [[nodiscard]] const T* data() const noexcept { return data_.get(); }
    [[nodiscard]] T& operator[](size_type i) noexcept { return data_[i]; }
    [[nodiscard]] const T& operator[](size_type i) const noexcept { return data_[i]; }
    [[nodiscard]] iterator begin() noexcept { return data(); }
    [[nodiscard]] iterator end() noexcept { return data() + size_; }
    [[nodiscard]] const_iterator begin() const noexcept { return data(); }
    [[nodiscard]] const_iterator end() const noexcept { return data() + size_; }

    void clear() noexcept { size_ = 0; }

    /// Set the size to n, keeping the first min(n, size()) values; the others are
    /// uninitialised. @throws std::bad_alloc (the list unchanged)
    void resize(size_type n)
    {
        reserve(n);
        size_ = n;
    }

    /// Room for n values without allocating. @throws std::bad_alloc (the list unchanged)
    void reserve(size_type n)
    {
        if (n > capacity_) {
            grow(n, size_);
        }
    }

    /// n copies of value.
    void assign(size_type n, const T& value)
    {
        discard_to(n);
        std::fill_n(data(), n, value);
    }

    /// A copy of [first, last) (a range of T, not inside this list).
    void assign(const T* first, const T* last)
    {
        discard_to(static_cast<size_type>(last - first));
        if (size_ != 0) {
            std::memcpy(data(), first, size_ * sizeof(T));
        }
    }

    friend bool operator==(const IntegerList& a, const IntegerList& b) noexcept
    {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }
    friend bool operator!=(const IntegerList& a, const IntegerList& b) noexcept
    {
        return !(a == b);
    }

  private:
    // size n without keeping the values (nothing copied when it must grow)
    void discard_to(size_type n)
    {
        if (n > capacity_) {
            grow(n, 0);
        }
        size_ = n;
    }

    // new storage for at least n values (doubling), with the first `keep` copied over;
    // the old storage is released only once the new one exists
    void grow(size_type n, size_type keep)
    {
        const size_type cap = std::max(n, 2 * capacity_);
        std::unique_ptr<T[]> fresh(new T[cap]);
        if (keep != 0) {
            std::memcpy(fresh.get(), data_.get(), keep * sizeof(T));
        }
        data_ = std::move(fresh);
        capacity_ = cap;
    }

    std::unique_ptr<T[]> data_;
    size_type size_ = 0;
    size_type capacity_ = 0;
};

EMCF_END_NAMESPACE

// Reader for the peer harness's min-cost-flow problems (../shared/bench/mcf, DIMACS
// `.min` with an optional batch `.sup`), as undirected edges with two directed costs.
// Benchmarks only: plain C file I/O, errors reported through the return value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace emcf_bench {

struct McfProblems {
    std::size_t nnodes = 0;
    // Edge e joins tail[e] -> head[e]; DIMACS arc e is tail -> head with `cost`, arc
    // E + e the reverse with `revcost` (the generator's pairing, checked on reading).
    std::vector<std::int32_t> tail, head;
    std::vector<std::int64_t> cost, revcost;
    // Supplies, one sparse vector per problem: entries [ptr[p], ptr[p + 1]).
    std::vector<std::size_t> ptr{0};
    std::vector<std::int32_t> node;
    std::vector<std::int64_t> value;

    [[nodiscard]] std::size_t nedges() const { return tail.size(); }
    [[nodiscard]] std::size_t nproblems() const { return ptr.size() - 1; }
    /// Total positive supply of problem p.
    [[nodiscard]] std::int64_t supply(std::size_t p) const
    {
        std::int64_t k = 0;
        for (std::size_t i = ptr[p]; i < ptr[p + 1]; ++i) {
            k += value[i] > 0 ? value[i] : 0;
        }
        return k;
    }
    /// Dense residues of problem p into `r` (nnodes entries).
    template <class T>
    void dense(std::size_t p, T* r) const
    {
        for (std::size_t u = 0; u < nnodes; ++u) {
            r[u] = 0;
        }
        for (std::size_t i = ptr[p]; i < ptr[p + 1]; ++i) {
            r[node[i]] = static_cast<T>(value[i]);
        }
    }
};

namespace detail {

inline bool slurp(const std::string& path, std::string& text)
{
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        return false;
    }
    std::fseek(f, 0, SEEK_END);
    const long size = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    text.resize(static_cast<std::size_t>(size > 0 ? size : 0));
    const bool ok =
            text.empty() || std::fread(&text[0], 1, text.size(), f) == text.size();
    std::fclose(f);
    return ok;
}

struct Cursor {
    const char* p;
    const char* end;
    void skip_blanks()
    {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) {
            ++p;
        }
    }
    void next_line()
    {
        while (p < end && *p != '\n') {
            ++p;
        }
        if (p < end) {
            ++p;
        }
    }
    bool number(std::int64_t& out)
    {
        skip_blanks();
        bool neg = false;
        if (p < end && (*p == '-' || *p == '+')) {
            neg = *p == '-';
            ++p;
        }
        if (p >= end || *p < '0' || *p > '9') {
            return false;
        }
        std::int64_t v = 0;
        while (p < end && *p >= '0' && *p <= '9') {
            v = v * 10 + (*p++ - '0');
        }
        out = neg ? -v : v;
        return true;
    }
    void word()
    {
        skip_blanks();
        while (p < end && *p != ' ' && *p != '\t' && *p != '\n') {
            ++p;
        }
    }
};

} // namespace detail

/// Read `<base>.min` and, if `batch`, `<base>.sup`. Returns an error text, empty on
/// success.
inline std::string read_mcf_problems(const std::string& base, bool batch,
                                     McfProblems& out)
{
    std::string text;
    if (!detail::slurp(base + ".min", text)) {
        return "cannot read " + base + ".min";
    }
    detail::Cursor c{text.data(), text.data() + text.size()};
    std::vector<std::int64_t> tails, heads, costs, supply;
    std::int64_t narcs = 0;
    while (c.p < c.end) {
        c.skip_blanks();
        const char tag = c.p < c.end ? *c.p++ : '\0';
        std::int64_t a = 0, b = 0, low = 0, cap = 0, cost = 0;
        if (tag == 'p') {
            c.word();
            if (!c.number(a) || !c.number(narcs)) {
                return "bad problem line";
            }
            out.nnodes = static_cast<std::size_t>(a);
            supply.assign(out.nnodes, 0);
        } else if (tag == 'n') {
            if (!c.number(a) || !c.number(b) || a < 1 ||
                static_cast<std::size_t>(a) > out.nnodes) {
                return "bad node line";
            }
            supply[static_cast<std::size_t>(a - 1)] = b;
        } else if (tag == 'a') {
            if (!c.number(a) || !c.number(b) || !c.number(low) || !c.number(cap) ||
                !c.number(cost) || low != 0) {
                return "bad arc line";
            }
            tails.push_back(a - 1);
            heads.push_back(b - 1);
            costs.push_back(cost);
        }
        c.next_line();
    }
    if (static_cast<std::int64_t>(tails.size()) != narcs || narcs % 2 != 0) {
        return "arc count mismatch";
    }
    const std::size_t m = tails.size() / 2;
    for (std::size_t e = 0; e < m; ++e) {
        if (tails[e] != heads[m + e] || heads[e] != tails[m + e]) {
            return "arcs e and E + e are not reverse of each other";
        }
        out.tail.push_back(static_cast<std::int32_t>(tails[e]));
        out.head.push_back(static_cast<std::int32_t>(heads[e]));
        out.cost.push_back(costs[e]);
        out.revcost.push_back(costs[m + e]);
    }
    if (!batch) {
        for (std::size_t u = 0; u < out.nnodes; ++u) {
            if (supply[u] != 0) {
                out.node.push_back(static_cast<std::int32_t>(u));
                out.value.push_back(supply[u]);
            }
        }
        out.ptr.push_back(out.node.size());
        return {};
    }
    if (!detail::slurp(base + ".sup", text)) {
        return "cannot read " + base + ".sup";
    }
    c = detail::Cursor{text.data(), text.data() + text.size()};
    while (c.p < c.end) {
        c.skip_blanks();
        const char tag = c.p < c.end ? *c.p++ : '\0';
        if (tag == 's') {
            std::int64_t nnz = 0;
            if (!c.number(nnz)) {
                return "bad supply line";
            }
            for (std::int64_t i = 0; i < nnz; ++i) {
                std::int64_t id = 0, b = 0;
                if (!c.number(id) || !c.number(b) || id < 1 ||
                    static_cast<std::size_t>(id) > out.nnodes) {
                    return "bad supply entry";
                }
                out.node.push_back(static_cast<std::int32_t>(id - 1));
                out.value.push_back(b);
            }
            out.ptr.push_back(out.node.size());
        }
        c.next_line();
    }
    return {};
}

} // namespace emcf_bench

# Finds xtensor (0.24+, with xtl) and xtensor-blas with a BLAS, used by the project and by
# the installed package config (emcf::xtensor). xtensor's version file is AnyNewerVersion,
# so "0.24" also accepts 0.26/0.27; emcf/adapters/xtensor_compat.hpp handles both header
# layouts.
macro(emcf_find_xtensor)
  set(_emcf_xt_mode ${ARGN})
  if(NOT TARGET xtensor)
    find_package(xtensor 0.24 ${_emcf_xt_mode})
  endif()
  if(NOT TARGET xtensor-blas)
    if(NOT DEFINED BLA_VENDOR AND NOT DEFINED CACHE{BLA_VENDOR})
      set(BLA_VENDOR OpenBLAS) # Debian's libopenblas-dev; override with -DBLA_VENDOR=...
    endif()
    find_package(xtensor-blas ${_emcf_xt_mode})
  endif()
endmacro()

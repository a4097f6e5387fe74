list(APPEND EMCF_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/test_design_matrix.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_link_estimator.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_estimator_storage.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_kernels.cpp
)

list(APPEND EMCF_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/test_planar_graph.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_residues.cpp
)

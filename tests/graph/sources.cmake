list(APPEND EMCF_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/test_planar_graph.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_residues.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_predicates.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_delaunay.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_user_graph.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_costs.cpp
)

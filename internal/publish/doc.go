// Package publish owns active disclosure (主动公开): documents and their
// revisions, the review workflow, disclosure attributes, index numbers
// (索引号), columns (栏目), the standard catalog (政务公开标准目录),
// taxonomies, policy interpretations (三同步) and targeted disclosure
// (定点、定向公开). It is pure domain code: rules and types, no HTTP, no SQL.
package publish

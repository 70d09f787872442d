// 问题: 某地区（含下辖区域）有哪些机构？按类型分列
// Question: Which organisations sit in a district (including places within it), by type?
// @param district string 地区名称或别名 / district name or alias
// @param type string= 只看此类型（可空）/ only this type (optional)
// Ladybug twin of cypher/neo4j/queries/organizations_in_district.cypher (one table per label: kinds are o.kind).
MATCH (d:District) WHERE d.name = $district OR $district IN d.aliases
MATCH (place:District)-[:PART_OF*0..4]->(d)
MATCH (o:Organization)-[:LOCATED_IN]->(place)
WITH DISTINCT o, place
WHERE $type = '' OR o.kind = $type
RETURN o.kind AS kind, o.name AS organisation, place.name AS place
ORDER BY kind, organisation

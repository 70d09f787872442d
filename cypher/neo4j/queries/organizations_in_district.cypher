// 问题: 某地区（含下辖区域）有哪些机构？按类型分列
// Question: Which organisations sit in a district (including places within it), by type?
// @param district string 地区名称或别名 / district name or alias
// @param type string= 只看此类型（可空）/ only this type (optional)
MATCH (d:District) WHERE d.name = $district OR $district IN d.aliases
MATCH (place:District)-[:PART_OF*0..4]->(d)
MATCH (o:Organization)-[:LOCATED_IN]->(place)
WITH DISTINCT o, place, [l IN labels(o) WHERE l <> 'Organization'][0] AS kind
WHERE $type = '' OR kind = $type
RETURN kind, o.name AS organisation, place.name AS place
ORDER BY kind, organisation

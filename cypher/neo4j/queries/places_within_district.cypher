// 问题: 某地区下辖哪些区域（行政隶属，逐级）？
// Question: Which places lie within a district (administrative containment, all levels)?
// @param district string 地区名称或别名 / district name or alias
MATCH (d:District) WHERE d.name = $district OR $district IN d.aliases
MATCH p = (place:District)-[:PART_OF*1..4]->(d)
RETURN place.name AS within, place.level AS level, length(p) AS depth
ORDER BY depth, within

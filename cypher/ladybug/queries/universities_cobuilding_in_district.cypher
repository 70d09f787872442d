// 问题: 哪些高校与某地区共建了研究机构（机构位于该地区或其下辖区域）？
// Question: Which universities co-built institutes located in a district (or places within it)?
// @param district string 地区名称或别名 / district name or alias
// Ladybug twin of cypher/neo4j/queries/universities_cobuilding_in_district.cypher (one table per label: kinds are o.kind).
MATCH (d:District) WHERE d.name = $district OR $district IN d.aliases
MATCH (place:District)-[:PART_OF*0..4]->(d)
MATCH (u:Organization)<-[f:FOUNDED_BY]-(i:Organization)-[:LOCATED_IN]->(place)
WHERE u.kind = 'University'
RETURN u.name AS university, collect(DISTINCT i.name) AS institutes, collect(DISTINCT f.evidence)[1] AS evidence
ORDER BY size(institutes) DESC, university

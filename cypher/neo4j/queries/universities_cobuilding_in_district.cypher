// 问题: 哪些高校与某地区共建了研究机构（机构位于该地区或其下辖区域）？
// Question: Which universities co-built institutes located in a district (or places within it)?
// @param district string 地区名称或别名 / district name or alias
MATCH (d:District) WHERE d.name = $district OR $district IN d.aliases
MATCH (place:District)-[:PART_OF*0..4]->(d)
MATCH (u:University)<-[f:FOUNDED_BY]-(i:Organization)-[:LOCATED_IN]->(place)
RETURN u.name AS university, collect(DISTINCT i.name) AS institutes, collect(DISTINCT f.evidence)[0] AS evidence
ORDER BY size(institutes) DESC, university

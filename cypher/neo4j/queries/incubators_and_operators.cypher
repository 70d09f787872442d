// 问题: 某地区（含下辖区域）的孵化载体、园区及其运营方
// Question: Incubators and parks in a district (including places within it) and who runs them
// @param district string 地区名称或别名 / district name or alias
MATCH (d:District) WHERE d.name = $district OR $district IN d.aliases
MATCH (place:District)-[:PART_OF*0..4]->(d)
MATCH (i:Incubator)-[:LOCATED_IN]->(place)
OPTIONAL MATCH (i)-[:OPERATED_BY]->(op:Organization)
RETURN i.name AS incubator, place.name AS place, collect(DISTINCT op.name) AS operators
ORDER BY incubator

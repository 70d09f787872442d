// 问题: 某地区的签约时间线：按月统计在该地区（含下辖区域）举行、或有该地区机构参与的签约
// Question: A district's signing timeline: signings per month held in it (or places within it) or involving it or its organisations
// @param district string 地区名称或别名 / district name or alias
MATCH (d:District) WHERE d.name = $district OR $district IN d.aliases
MATCH (place:District)-[:PART_OF*0..4]->(d)
CALL (place) {
  MATCH (e:SigningEvent)-[:HELD_IN]->(place) RETURN e
  UNION
  MATCH (place)-[:PARTY_TO]->(e:SigningEvent) RETURN e
  UNION
  MATCH (place)<-[:LOCATED_IN]-(:Organization)-[:PARTY_TO]->(e:SigningEvent) RETURN e
}
WITH DISTINCT e
RETURN coalesce(left(e.date, 7), 'undated') AS month, count(e) AS signings, collect(e.title) AS titles
ORDER BY month

// 问题: 某地区的签约时间线：按月统计在该地区（含下辖区域）举行、或有该地区机构参与的签约
// Question: A district's signing timeline: signings per month held in it (or places within it) or involving it or its organisations
// @param district string 地区名称或别名 / district name or alias
// Ladybug twin of cypher/neo4j/queries/district_signing_timeline.cypher (one table per label: kinds are o.kind).
MATCH (d:District) WHERE d.name = $district OR $district IN d.aliases
MATCH (place:District)-[:PART_OF*0..4]->(d)
MATCH (e:Event) WHERE e.kind = 'signing' AND (
  EXISTS { MATCH (e)-[:HELD_IN]->(place) } OR EXISTS { MATCH (place)-[:PARTY_TO]->(e) }
  OR EXISTS { MATCH (place)<-[:LOCATED_IN]-(:Organization)-[:PARTY_TO]->(e) })
WITH DISTINCT e
RETURN coalesce(left(e.date, 7), 'undated') AS month, count(e) AS signings, collect(e.title) AS titles
ORDER BY month

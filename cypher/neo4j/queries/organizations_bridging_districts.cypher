// 问题: 哪些机构同时连接两个地区（位于其一，并通过事件、共建或合作与另一地区的机构或地区本身相连）？
// Question: Which organisations bridge two districts (sit in one, and are linked by events, co-founding or collaboration to the other or its organisations)?
// @param district_a string 地区甲 / first district
// @param district_b string 地区乙 / second district
MATCH (da:District) WHERE da.name = $district_a OR $district_a IN da.aliases
MATCH (db:District) WHERE db.name = $district_b OR $district_b IN db.aliases
MATCH (o:Organization)-[:LOCATED_IN]->(:District)-[:PART_OF*0..4]->(home:District)
WHERE home = da OR home = db
WITH DISTINCT o, CASE WHEN home = da THEN db.id ELSE da.id END AS away_id
MATCH (away:District {id: away_id})
OPTIONAL MATCH (o)-[:PARTY_TO]->(:Event)<-[:PARTY_TO]-(p1)
WHERE p1 <> o AND (p1 = away OR EXISTS { (p1)-[:LOCATED_IN]->(:District)-[:PART_OF*0..4]->(away) }
      OR EXISTS { (p1)-[:PART_OF*1..4]->(away) })
WITH o, away, collect(DISTINCT p1.name) AS by_event
OPTIONAL MATCH (o)-[r:FOUNDED_BY|COLLABORATES_WITH|OPERATED_BY|BRANCH_OF]-(p2)
WHERE p2 <> o AND (p2 = away OR EXISTS { (p2)-[:LOCATED_IN]->(:District)-[:PART_OF*0..4]->(away) }
      OR EXISTS { (p2)-[:PART_OF*1..4]->(away) })
WITH o, away, by_event, collect(DISTINCT p2.name) AS direct
WITH o, away, by_event + [x IN direct WHERE NOT x IN by_event] AS via
WHERE size(via) > 0
RETURN o.name AS organisation, away.name AS reaches, via
ORDER BY organisation, reaches

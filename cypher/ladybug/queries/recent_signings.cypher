// 问题: 某日期以来的签约事件及参与方
// Question: Signings since a date, with their parties
// @param since string=0000 起始日期 YYYY、YYYY-MM 或 YYYY-MM-DD / since date
// @param limit int=50 最多返回条数 / maximum rows
// Ladybug twin of cypher/neo4j/queries/recent_signings.cypher (one table per label: kinds are o.kind).
MATCH (e:Event) WHERE e.kind = 'signing' AND e.date >= $since
OPTIONAL MATCH (e)<-[:PARTY_TO]-(p)
OPTIONAL MATCH (e)-[:HELD_IN]->(place:District)
RETURN e.date AS date, e.title AS title, collect(DISTINCT p.name) AS parties, collect(DISTINCT place.name) AS held_in
ORDER BY date DESC, title
LIMIT $limit

// 问题: 两个机构或地区之间的最短路径（只走事实关系，不经过出处文档）
// Question: Shortest paths between two organisations or places (facts only, never through source documents)
// @param source string 起点名称或别名 / start name or alias
// @param target string 终点名称或别名 / end name or alias
// @param max_hops int=6 最多跳数 / maximum hops
MATCH (a) WHERE (a:Organization OR a:District) AND (a.name = $source OR $source IN a.aliases)
MATCH (b) WHERE (b:Organization OR b:District) AND (b.name = $target OR $target IN b.aliases) AND a <> b
// Provenance (MENTIONED_IN) is not a connection: follow only the ontology's facts.
MATCH p = allShortestPaths((a)-[:LOCATED_IN|PART_OF|PARTY_TO|HELD_IN|ESTABLISHES|FOUNDED_BY|BRANCH_OF|OPERATED_BY|COLLABORATES_WITH*..8]-(b))
WHERE length(p) <= $max_hops
RETURN [n IN nodes(p) | coalesce(n.name, n.title)] AS names, [r IN relationships(p) | type(r)] AS types,
       length(p) AS hops
LIMIT 10

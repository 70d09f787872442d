// 问题: 某机构的合作伙伴有哪些？（共同参与事件、共建、合作、运营关系）
// Question: Who are an organisation's partners (shared events, co-founding, collaboration, operation)?
// @param name string 机构名称或别名 / organisation name or alias
// @param limit int=50 最多返回条数 / maximum rows
// Ladybug twin of cypher/neo4j/queries/partners_of_organization.cypher (one table per label: kinds are o.kind).
MATCH (o:Organization) WHERE o.name = $name OR $name IN o.aliases
OPTIONAL MATCH (o)-[:PARTY_TO]->(:Event)<-[:PARTY_TO]-(p1) WHERE p1 <> o
WITH o, collect(DISTINCT p1.name) AS by_event
OPTIONAL MATCH (o)-[r]-(p2)
WHERE label(r) IN ['FOUNDED_BY', 'COLLABORATES_WITH', 'OPERATED_BY', 'BRANCH_OF'] AND p2 <> o AND label(p2) <> 'Event'
WITH by_event, collect(DISTINCT p2.name) AS direct
UNWIND list_distinct(list_concat(by_event, direct)) AS partner
RETURN partner, list_contains(by_event, partner) AS shared_event, list_contains(direct, partner) AS direct_link
ORDER BY partner
LIMIT $limit

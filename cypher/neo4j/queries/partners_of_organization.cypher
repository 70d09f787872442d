// 问题: 某机构的合作伙伴有哪些？（共同参与事件、共建、合作、运营关系）
// Question: Who are an organisation's partners (shared events, co-founding, collaboration, operation)?
// @param name string 机构名称或别名 / organisation name or alias
// @param limit int=50 最多返回条数 / maximum rows
MATCH (o:Organization) WHERE o.name = $name OR $name IN o.aliases
OPTIONAL MATCH (o)-[:PARTY_TO]->(:Event)<-[:PARTY_TO]-(p1) WHERE p1 <> o
WITH o, collect(DISTINCT p1.name) AS by_event
OPTIONAL MATCH (o)-[r:FOUNDED_BY|COLLABORATES_WITH|OPERATED_BY|BRANCH_OF]-(p2) WHERE p2 <> o AND NOT p2:Event
WITH by_event, collect(DISTINCT p2.name) AS direct
UNWIND by_event + [x IN direct WHERE NOT x IN by_event] AS partner
RETURN partner, partner IN by_event AS shared_event, partner IN direct AS direct_link
ORDER BY partner
LIMIT $limit

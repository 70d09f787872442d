// 问题: 哪些文档提到了某机构或地区？首次提及的句子
// Question: Which documents mention an organisation or place, and the first sentence that does
// @param name string 机构或地区名称或别名 / organisation or place name or alias
MATCH (o) WHERE (o:Organization OR o:District) AND (o.name = $name OR $name IN o.aliases)
MATCH (o)-[m:MENTIONED_IN]->(d:Document)
RETURN d.id AS document, d.title AS title, d.date AS date, m.evidence AS sentence
ORDER BY document

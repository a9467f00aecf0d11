BEGIN TRANSACTION;
CREATE TABLE "articles_article" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "status" varchar(40) NOT NULL, "title" varchar(300) NOT NULL, "slug" varchar(255) NOT NULL UNIQUE, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "author_id" bigint NOT NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "live_revision_id" bigint NULL REFERENCES "articles_articlerevision" ("id") DEFERRABLE INITIALLY DEFERRED, "last_reviewed_at" datetime NULL, "next_review_due" date NULL, "review_interval_months" smallint unsigned NULL CHECK ("review_interval_months" >= 0), "version" integer unsigned NOT NULL CHECK ("version" >= 0));
INSERT INTO "articles_article" VALUES(1,'approved','What factors contribute to developing a secure attachment style in adults?','what-factors-contribute-to-developing-a-secure-attachment-style-in-adults','2025-01-27 09:15:00','2025-02-25 15:10:00',1,2,'2025-02-25 15:10:00','2026-02-25',NULL,2);
INSERT INTO "articles_article" VALUES(2,'draft','How can clinicians recognize insecure attachment patterns in adult patients?','how-can-clinicians-recognize-insecure-attachment-patterns-in-adult-patients','2025-11-03 10:00:00','2025-11-03 10:00:00',1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_article" VALUES(3,'submitted','What does trauma-informed care mean in everyday pediatric practice?','what-does-trauma-informed-care-mean-in-everyday-pediatric-practice','2025-10-20 10:00:00','2025-10-29 10:00:00',1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_article" VALUES(4,'under_review','Can adult attachment style change over time?','can-adult-attachment-style-change-over-time','2025-03-03 10:00:00','2025-11-02 10:00:00',1,4,'2025-03-13 10:00:00','2026-03-13',NULL,2);
INSERT INTO "articles_article" VALUES(5,'changes_requested','How does self-compassion relate to attachment security in adults?','how-does-self-compassion-relate-to-attachment-security-in-adults','2025-09-08 10:00:00','2025-09-20 10:00:00',1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_article" VALUES(6,'rejected','Does attachment style determine the outcome of psychotherapy?','does-attachment-style-determine-the-outcome-of-psychotherapy','2025-06-02 10:00:00','2025-06-13 10:00:00',1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_article" VALUES(7,'withdrawn','Which questions about childhood adversity belong in an adult primary care visit?','which-questions-about-childhood-adversity-belong-in-an-adult-primary-care-visit','2025-07-14 10:00:00','2025-07-20 10:00:00',1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_article" VALUES(8,'archived','What are safe, stable, and nurturing relationships?','what-are-safe-stable-and-nurturing-relationships','2024-04-08 10:00:00','2025-05-13 10:00:00',1,9,'2024-04-17 10:00:00','2025-04-17',NULL,1);
CREATE TABLE "articles_article_coauthors" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "article_id" bigint NOT NULL REFERENCES "articles_article" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" bigint NOT NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "articles_articlereference" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "added_at" datetime NOT NULL, "article_id" bigint NOT NULL REFERENCES "articles_article" ("id") DEFERRABLE INITIALLY DEFERRED, "reference_id" bigint NOT NULL REFERENCES "references_reference" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "article_reference_listed_once" UNIQUE ("article_id", "reference_id"));
INSERT INTO "articles_articlereference" VALUES(1,'2025-01-27 09:15:00',1,3);
INSERT INTO "articles_articlereference" VALUES(2,'2025-01-27 09:15:00',1,1);
INSERT INTO "articles_articlereference" VALUES(3,'2025-01-27 09:15:00',1,2);
INSERT INTO "articles_articlereference" VALUES(4,'2025-10-20 10:00:00',3,1);
INSERT INTO "articles_articlereference" VALUES(5,'2025-10-20 10:00:00',3,2);
INSERT INTO "articles_articlereference" VALUES(6,'2025-03-03 10:00:00',4,3);
INSERT INTO "articles_articlereference" VALUES(7,'2025-03-03 10:00:00',4,1);
INSERT INTO "articles_articlereference" VALUES(8,'2025-03-03 10:00:00',4,2);
INSERT INTO "articles_articlereference" VALUES(9,'2025-09-08 10:00:00',5,3);
INSERT INTO "articles_articlereference" VALUES(10,'2025-09-08 10:00:00',5,1);
INSERT INTO "articles_articlereference" VALUES(11,'2025-06-02 10:00:00',6,3);
INSERT INTO "articles_articlereference" VALUES(12,'2025-07-14 10:00:00',7,1);
INSERT INTO "articles_articlereference" VALUES(13,'2025-07-14 10:00:00',7,2);
INSERT INTO "articles_articlereference" VALUES(14,'2024-04-08 10:00:00',8,1);
INSERT INTO "articles_articlereference" VALUES(15,'2024-04-08 10:00:00',8,2);
CREATE TABLE "articles_articlerevision" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "number" integer unsigned NOT NULL CHECK ("number" >= 0), "title" varchar(300) NOT NULL, "sections" text NOT NULL CHECK ((JSON_VALID("sections") OR "sections" IS NULL)), "references" text NOT NULL CHECK ((JSON_VALID("references") OR "references" IS NULL)), "note" text NOT NULL, "created_at" datetime NOT NULL, "approved_at" datetime NULL, "approved_by_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "article_id" bigint NOT NULL REFERENCES "articles_article" ("id") DEFERRABLE INITIALLY DEFERRED, "created_by_id" bigint NOT NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "change_summary" text NOT NULL, "disclaimer_version" integer unsigned NULL CHECK ("disclaimer_version" >= 0), "policy_version" integer unsigned NULL CHECK ("policy_version" >= 0), "search_vector" tsvector NULL, CONSTRAINT "revision_number_unique_per_article" UNIQUE ("article_id", "number"), CONSTRAINT "revision_approval_complete" CHECK ((("approved_at" IS NULL AND "approved_by_id" IS NULL) OR ("approved_at" IS NOT NULL AND "approved_by_id" IS NOT NULL))));
INSERT INTO "articles_articlerevision" VALUES(1,1,'What factors contribute to developing a secure attachment style in adults?','[{"heading": "From the Guidelines", "body": "To develop a secure attachment style as an adult, it is crucial to focus on self-awareness, emotional regulation, and building healthy relationships, as recent studies suggest that attachment remains malleable beyond infancy, even into adolescence and adulthood, to some extent [@pediatrics2021trauma]. When considering the development of a secure attachment style, several key factors come into play, including:\n\n- **Self-awareness:** Examining your current attachment patterns through reflection or journaling about your relationship behaviors and emotional responses is essential.\n- **Emotional regulation:** Practicing emotional regulation by identifying and naming your feelings without judgment, using mindfulness techniques like deep breathing when feeling anxious or avoidant in relationships, can help.\n- **Building healthy relationships:** Seeking therapy, particularly cognitive-behavioral therapy or psychodynamic approaches, can help address attachment wounds from childhood, and building a support network of consistent, trustworthy relationships where you can practice vulnerability gradually is vital. The importance of a secure attachment style is highlighted by its impact on mental health, with studies showing that less secure attachment styles are associated with increased symptoms of postpartum depression and other mental health issues [@pediatrics2021trauma]. In terms of specific strategies for developing a secure attachment style, it is essential to:\n- Practice self-compassion by treating yourself with the same kindness you would offer a friend.\n- Communicate openly about your needs and boundaries while respecting those of others in relationships.\n- Recognize that developing secure attachment takes time, as you are rewiring neural pathways formed early in life, but consistent practice of these skills can lead to more fulfilling relationships and improved emotional wellbeing, as supported by the concept of relational health care and the importance of forming and maintaining safe, stable, and nurturing relationships [@pspr2018workingmodels].\n"}, {"heading": "From the Research", "body": "### Factors Contributing to Secure Attachment Style in Adults\n\nSeveral factors contribute to the development of a secure attachment style in adults, including:\n\n- A positive and supportive therapeutic relationship, which can provide a secure base for individuals to explore and process their attachment experiences [@ahd2007positive]\n- The ability to formulate and process relationship experiences in a healthy and constructive manner [@ahd2007positive; @pspr2018workingmodels]\n- The presence of self-compassion, which can mediate the relationship between attachment style and eudaimonic well-being [@ahd2007positive]\n- Experiences that foster personal confidence and secure mental models of the self, such as positive dependence and secure relationships [@pspr2018workingmodels]\n- A therapist''s awareness of their own and their clients'' attachment experiences, and their ability to formulate and meet clients'' attachment needs [@ahd2007positive]\n\n### The Importance of Attachment Security in Adulthood\n\nAttachment security is important for psychological well-being in adulthood, and is related to feelings of joy, comfort, and contentment throughout life [@ahd2007positive]. Secure attachment can facilitate an attitude of kindness and acceptance toward the self, and can enhance psychological and physical well-being [@ahd2007positive].\n"}]','[{"key": "pediatrics2021trauma", "kind": "guideline", "title": "trauma-informed care.", "authors": "", "journal": "Pediatrics", "year": 2021, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}, {"key": "pspr2018workingmodels", "kind": "research", "title": "Revising Working Models Across Time: Relationship Situations That Enhance Attachment Security.", "authors": "", "journal": "Personality and social psychology review : an official journal of the Society for Personality and Social Psychology, Inc", "year": 2018, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}, {"key": "ahd2007positive", "kind": "research", "title": "Accentuating the positive in adult attachments.", "authors": "", "journal": "Attachment & human development", "year": 2007, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}]','First version for the board. The guideline summary follows the AAP clinical report.','2025-02-03 16:40:00',NULL,NULL,1,1,'',NULL,NULL,NULL);
INSERT INTO "articles_articlerevision" VALUES(2,2,'What factors contribute to developing a secure attachment style in adults?','[{"heading": "From the Guidelines", "body": "To develop a secure attachment style as an adult, it is crucial to focus on self-awareness, emotional regulation, and building healthy relationships, as recent studies suggest that attachment remains malleable beyond infancy, even into adolescence and adulthood, to some extent [@pediatrics2021trauma]. When considering the development of a secure attachment style, several key factors come into play, including:\n\n- **Self-awareness:** Examining your current attachment patterns through reflection or journaling about your relationship behaviors and emotional responses is essential.\n- **Emotional regulation:** Practicing emotional regulation by identifying and naming your feelings without judgment, using mindfulness techniques like deep breathing when feeling anxious or avoidant in relationships, can help.\n- **Building healthy relationships:** Seeking therapy, particularly cognitive-behavioral therapy or psychodynamic approaches, can help address attachment wounds from childhood, and building a support network of consistent, trustworthy relationships where you can practice vulnerability gradually is vital. The importance of a secure attachment style is highlighted by its impact on mental health, with studies showing that less secure attachment styles are associated with increased symptoms of postpartum depression and other mental health issues [@pediatrics2021trauma]. In terms of specific strategies for developing a secure attachment style, it is essential to:\n- Practice self-compassion by treating yourself with the same kindness you would offer a friend.\n- Communicate openly about your needs and boundaries while respecting those of others in relationships.\n- Recognize that developing secure attachment takes time, as you are rewiring neural pathways formed early in life, but consistent practice of these skills can lead to more fulfilling relationships and improved emotional wellbeing, as supported by the concept of relational health care and the importance of forming and maintaining safe, stable, and nurturing relationships [@pspr2018workingmodels].\n"}, {"heading": "From the Research", "body": "### Factors Contributing to Secure Attachment Style in Adults\n\nSeveral factors contribute to the development of a secure attachment style in adults, including:\n\n- A positive and supportive therapeutic relationship, which can provide a secure base for individuals to explore and process their attachment experiences [@ahd2007positive]\n- The ability to formulate and process relationship experiences in a healthy and constructive manner [@ahd2007positive; @pspr2018workingmodels]\n- The presence of self-compassion, which can mediate the relationship between attachment style and eudaimonic well-being [@ahd2007positive]\n- Experiences that foster personal confidence and secure mental models of the self, such as positive dependence and secure relationships [@pspr2018workingmodels]\n- A therapist''s awareness of their own and their clients'' attachment experiences, and their ability to formulate and meet clients'' attachment needs [@ahd2007positive]\n\n### Key Themes in Attachment-Informed Therapy\n\nResearch has identified several key themes in attachment-informed therapy, including:\n\n- Changing internal working models\n- The therapeutic relationship and creating a secure base\n- Formulating and processing relationship experiences\n- Countertransference\n- Separation, termination, and boundary issues\n- Working with different attachment styles or patterns [@ahd2007positive]\n\n### The Importance of Attachment Security in Adulthood\n\nAttachment security is important for psychological well-being in adulthood, and is related to feelings of joy, comfort, and contentment throughout life [@ahd2007positive]. Secure attachment can facilitate an attitude of kindness and acceptance toward the self, and can enhance psychological and physical well-being [@ahd2007positive].\n"}]','[{"key": "pediatrics2021trauma", "kind": "guideline", "title": "trauma-informed care.", "authors": "", "journal": "Pediatrics", "year": 2021, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}, {"key": "pspr2018workingmodels", "kind": "research", "title": "Revising Working Models Across Time: Relationship Situations That Enhance Attachment Security.", "authors": "", "journal": "Personality and social psychology review : an official journal of the Society for Personality and Social Psychology, Inc", "year": 2018, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}, {"key": "ahd2007positive", "kind": "research", "title": "Accentuating the positive in adult attachments.", "authors": "", "journal": "Attachment & human development", "year": 2007, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}]','Added ''Key Themes in Attachment-Informed Therapy'' with its source; the guideline is now listed once.','2025-02-17 11:20:00','2025-02-25 15:10:00',2,1,1,'',1,1,NULL);
INSERT INTO "articles_articlerevision" VALUES(3,1,'What does trauma-informed care mean in everyday pediatric practice?','[{"heading": "From the Guidelines", "body": "Trauma-informed care asks clinicians to recognize how adversity affects a child''s health and behavior, and to respond in ways that build safe, stable and nurturing relationships rather than add to stress [@pediatrics2021trauma].\n\n- Recognize signs of adversity and their effects on development.\n- Respond with strategies that support the child and the caregivers.\n- Avoid practices that retraumatize [@pediatrics2021trauma]."}, {"heading": "From the Research", "body": "Supportive relationships can shift how people think about themselves and others over time [@pspr2018workingmodels]."}]','[{"key": "pediatrics2021trauma", "kind": "guideline", "title": "trauma-informed care.", "authors": "", "journal": "Pediatrics", "year": 2021, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}, {"key": "pspr2018workingmodels", "kind": "research", "title": "Revising Working Models Across Time: Relationship Situations That Enhance Attachment Security.", "authors": "", "journal": "Personality and social psychology review : an official journal of the Society for Personality and Social Psychology, Inc", "year": 2018, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}]','Ready for the board.','2025-10-29 10:00:00',NULL,NULL,3,1,'',NULL,NULL,NULL);
INSERT INTO "articles_articlerevision" VALUES(4,1,'Can adult attachment style change over time?','[{"heading": "From the Guidelines", "body": "Clinical guidance treats early relationships as formative but not fixed: safe, stable and nurturing relationships remain protective beyond early childhood [@pediatrics2021trauma]."}, {"heading": "From the Research", "body": "### Relationship situations that enhance security\n\nWorking models of attachment can be revised across time, particularly through relationship situations that challenge insecure expectations and offer new, more secure experiences [@pspr2018workingmodels].\n\n### Positive experiences\n\nPositive relational experiences are associated with greater security and well-being in adults [@ahd2007positive]."}]','[{"key": "pediatrics2021trauma", "kind": "guideline", "title": "trauma-informed care.", "authors": "", "journal": "Pediatrics", "year": 2021, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}, {"key": "pspr2018workingmodels", "kind": "research", "title": "Revising Working Models Across Time: Relationship Situations That Enhance Attachment Security.", "authors": "", "journal": "Personality and social psychology review : an official journal of the Society for Personality and Social Psychology, Inc", "year": 2018, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}, {"key": "ahd2007positive", "kind": "research", "title": "Accentuating the positive in adult attachments.", "authors": "", "journal": "Attachment & human development", "year": 2007, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}]','','2025-03-05 10:00:00','2025-03-13 10:00:00',2,4,1,'',1,1,NULL);
INSERT INTO "articles_articlerevision" VALUES(5,2,'Can adult attachment style change over time?','[{"heading": "From the Guidelines", "body": "Clinical guidance treats early relationships as formative but not fixed: safe, stable and nurturing relationships remain protective beyond early childhood, and clinicians can help families build them [@pediatrics2021trauma]."}, {"heading": "From the Research", "body": "### Relationship situations that enhance security\n\nWorking models of attachment can be revised across time, particularly through relationship situations that challenge insecure expectations and offer new, more secure experiences [@pspr2018workingmodels].\n\n### Positive experiences\n\nPositive relational experiences are associated with greater security and well-being in adults [@ahd2007positive; @pspr2018workingmodels]."}]','[{"key": "pediatrics2021trauma", "kind": "guideline", "title": "trauma-informed care.", "authors": "", "journal": "Pediatrics", "year": 2021, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}, {"key": "pspr2018workingmodels", "kind": "research", "title": "Revising Working Models Across Time: Relationship Situations That Enhance Attachment Security.", "authors": "", "journal": "Personality and social psychology review : an official journal of the Society for Personality and Social Psychology, Inc", "year": 2018, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}, {"key": "ahd2007positive", "kind": "research", "title": "Accentuating the positive in adult attachments.", "authors": "", "journal": "Attachment & human development", "year": 2007, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}]','Small update to the guideline summary.','2025-10-31 10:00:00',NULL,NULL,4,1,'',NULL,NULL,NULL);
INSERT INTO "articles_articlerevision" VALUES(6,1,'How does self-compassion relate to attachment security in adults?','[{"heading": "From the Guidelines", "body": "Guidance on relational health emphasizes supportive relationships as a foundation for well-being [@pediatrics2021trauma]."}, {"heading": "From the Research", "body": "Secure attachment is associated with a kinder, more accepting attitude toward the self [@ahd2007positive]."}]','[{"key": "pediatrics2021trauma", "kind": "guideline", "title": "trauma-informed care.", "authors": "", "journal": "Pediatrics", "year": 2021, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}, {"key": "ahd2007positive", "kind": "research", "title": "Accentuating the positive in adult attachments.", "authors": "", "journal": "Attachment & human development", "year": 2007, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}]','','2025-09-12 10:00:00',NULL,NULL,5,1,'',NULL,NULL,NULL);
INSERT INTO "articles_articlerevision" VALUES(7,1,'Does attachment style determine the outcome of psychotherapy?','[{"heading": "From the Guidelines", "body": "No guideline addresses this question directly."}, {"heading": "From the Research", "body": "Attachment style determines whether psychotherapy succeeds [@ahd2007positive]."}]','[{"key": "ahd2007positive", "kind": "research", "title": "Accentuating the positive in adult attachments.", "authors": "", "journal": "Attachment & human development", "year": 2007, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}]','','2025-06-05 10:00:00',NULL,NULL,6,1,'',NULL,NULL,NULL);
INSERT INTO "articles_articlerevision" VALUES(8,1,'Which questions about childhood adversity belong in an adult primary care visit?','[{"heading": "From the Guidelines", "body": "Asking about adversity should come with a plan to respond supportively [@pediatrics2021trauma]."}, {"heading": "From the Research", "body": "Relationship experiences shape working models [@pspr2018workingmodels]."}]','[{"key": "pediatrics2021trauma", "kind": "guideline", "title": "trauma-informed care.", "authors": "", "journal": "Pediatrics", "year": 2021, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}, {"key": "pspr2018workingmodels", "kind": "research", "title": "Revising Working Models Across Time: Relationship Situations That Enhance Attachment Security.", "authors": "", "journal": "Personality and social psychology review : an official journal of the Society for Personality and Social Psychology, Inc", "year": 2018, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}]','','2025-07-16 10:00:00',NULL,NULL,7,1,'',NULL,NULL,NULL);
INSERT INTO "articles_articlerevision" VALUES(9,1,'What are safe, stable, and nurturing relationships?','[{"heading": "From the Guidelines", "body": "Safe, stable, and nurturing relationships buffer children from the effects of adversity and are central to trauma-informed care [@pediatrics2021trauma]."}, {"heading": "From the Research", "body": "Secure relationships later in life can also strengthen attachment security [@pspr2018workingmodels]."}]','[{"key": "pediatrics2021trauma", "kind": "guideline", "title": "trauma-informed care.", "authors": "", "journal": "Pediatrics", "year": 2021, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}, {"key": "pspr2018workingmodels", "kind": "research", "title": "Revising Working Models Across Time: Relationship Situations That Enhance Attachment Security.", "authors": "", "journal": "Personality and social psychology review : an official journal of the Society for Personality and Social Psychology, Inc", "year": 2018, "volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""}]','','2024-04-11 10:00:00','2024-04-17 10:00:00',2,8,1,'',1,1,NULL);
CREATE TABLE "articles_historicalarticle" ("id" bigint NOT NULL, "status" varchar(40) NOT NULL, "title" varchar(300) NOT NULL, "slug" varchar(255) NOT NULL, "created_at" datetime NOT NULL, "history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "history_date" datetime NOT NULL, "history_change_reason" varchar(100) NULL, "history_type" varchar(1) NOT NULL, "author_id" bigint NULL, "history_user_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "live_revision_id" bigint NULL, "last_reviewed_at" datetime NULL, "next_review_due" date NULL, "review_interval_months" smallint unsigned NULL CHECK ("review_interval_months" >= 0), "version" integer unsigned NOT NULL CHECK ("version" >= 0));
INSERT INTO "articles_historicalarticle" VALUES(1,'draft','What factors contribute to developing a secure attachment style in adults?','what-factors-contribute-to-developing-a-secure-attachment-style-in-adults','2025-01-27 09:15:00',1,'2025-01-27 09:15:00',NULL,'+',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(1,'submitted','What factors contribute to developing a secure attachment style in adults?','what-factors-contribute-to-developing-a-secure-attachment-style-in-adults','2025-01-27 09:15:00',2,'2025-02-03 16:40:00','Submit for review: First version for the board. The guideline summary follows the AAP clinical repo…','~',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(1,'under_review','What factors contribute to developing a secure attachment style in adults?','what-factors-contribute-to-developing-a-secure-attachment-style-in-adults','2025-01-27 09:15:00',3,'2025-02-04 09:05:00','Start review: Assigned to the board for review.','~',1,4,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(1,'changes_requested','What factors contribute to developing a secure attachment style in adults?','what-factors-contribute-to-developing-a-secure-attachment-style-in-adults','2025-01-27 09:15:00',4,'2025-02-10 14:30:00','Request changes: Dear Alex Morgan,

The board asks for one change before approval: the research sec…','~',1,3,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(1,'changes_requested','What factors contribute to developing a secure attachment style in adults?','what-factors-contribute-to-developing-a-secure-attachment-style-in-adults','2025-01-27 09:15:00',5,'2025-02-17 11:00:00',NULL,'~',1,1,NULL,NULL,NULL,NULL,2);
INSERT INTO "articles_historicalarticle" VALUES(1,'submitted','What factors contribute to developing a secure attachment style in adults?','what-factors-contribute-to-developing-a-secure-attachment-style-in-adults','2025-01-27 09:15:00',6,'2025-02-17 11:20:00','Resubmit: Added ''Key Themes in Attachment-Informed Therapy'' with its source; the guideline is now l…','~',1,1,NULL,NULL,NULL,NULL,2);
INSERT INTO "articles_historicalarticle" VALUES(1,'under_review','What factors contribute to developing a secure attachment style in adults?','what-factors-contribute-to-developing-a-secure-attachment-style-in-adults','2025-01-27 09:15:00',7,'2025-02-18 08:45:00','Start review: Second round, same reviewers.','~',1,4,NULL,NULL,NULL,NULL,2);
INSERT INTO "articles_historicalarticle" VALUES(1,'approved','What factors contribute to developing a secure attachment style in adults?','what-factors-contribute-to-developing-a-secure-attachment-style-in-adults','2025-01-27 09:15:00',8,'2025-02-25 15:10:00','Approve: Claims are supported by the cited sources and the wording suits a professional audience. A…','~',1,2,2,'2025-02-25 15:10:00','2026-02-25',NULL,2);
INSERT INTO "articles_historicalarticle" VALUES(2,'draft','How can clinicians recognize insecure attachment patterns in adult patients?','how-can-clinicians-recognize-insecure-attachment-patterns-in-adult-patients','2025-11-03 10:00:00',9,'2025-11-03 10:00:00',NULL,'+',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(3,'draft','What does trauma-informed care mean in everyday pediatric practice?','what-does-trauma-informed-care-mean-in-everyday-pediatric-practice','2025-10-20 10:00:00',10,'2025-10-20 10:00:00',NULL,'+',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(3,'submitted','What does trauma-informed care mean in everyday pediatric practice?','what-does-trauma-informed-care-mean-in-everyday-pediatric-practice','2025-10-20 10:00:00',11,'2025-10-29 10:00:00','Submit for review: Ready for the board.','~',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(4,'draft','Can adult attachment style change over time?','can-adult-attachment-style-change-over-time','2025-03-03 10:00:00',12,'2025-03-03 10:00:00',NULL,'+',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(4,'submitted','Can adult attachment style change over time?','can-adult-attachment-style-change-over-time','2025-03-03 10:00:00',13,'2025-03-05 10:00:00','Submit for review','~',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(4,'under_review','Can adult attachment style change over time?','can-adult-attachment-style-change-over-time','2025-03-03 10:00:00',14,'2025-03-06 10:00:00','Start review','~',1,4,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(4,'approved','Can adult attachment style change over time?','can-adult-attachment-style-change-over-time','2025-03-03 10:00:00',15,'2025-03-13 10:00:00','Approve: Accurate and well sourced.','~',1,2,4,'2025-03-13 10:00:00','2026-03-13',NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(4,'draft','Can adult attachment style change over time?','can-adult-attachment-style-change-over-time','2025-03-03 10:00:00',16,'2025-10-29 10:00:00','Start a new revision: Updating the guideline paragraph.','~',1,1,4,'2025-03-13 10:00:00','2026-03-13',NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(4,'draft','Can adult attachment style change over time?','can-adult-attachment-style-change-over-time','2025-03-03 10:00:00',17,'2025-10-30 10:00:00',NULL,'~',1,1,4,'2025-03-13 10:00:00','2026-03-13',NULL,2);
INSERT INTO "articles_historicalarticle" VALUES(4,'submitted','Can adult attachment style change over time?','can-adult-attachment-style-change-over-time','2025-03-03 10:00:00',18,'2025-10-31 10:00:00','Submit for review: Small update to the guideline summary.','~',1,1,4,'2025-03-13 10:00:00','2026-03-13',NULL,2);
INSERT INTO "articles_historicalarticle" VALUES(4,'under_review','Can adult attachment style change over time?','can-adult-attachment-style-change-over-time','2025-03-03 10:00:00',19,'2025-11-02 10:00:00','Start review: Re-review of a published article.','~',1,4,4,'2025-03-13 10:00:00','2026-03-13',NULL,2);
INSERT INTO "articles_historicalarticle" VALUES(5,'draft','How does self-compassion relate to attachment security in adults?','how-does-self-compassion-relate-to-attachment-security-in-adults','2025-09-08 10:00:00',20,'2025-09-08 10:00:00',NULL,'+',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(5,'submitted','How does self-compassion relate to attachment security in adults?','how-does-self-compassion-relate-to-attachment-security-in-adults','2025-09-08 10:00:00',21,'2025-09-12 10:00:00','Submit for review','~',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(5,'under_review','How does self-compassion relate to attachment security in adults?','how-does-self-compassion-relate-to-attachment-security-in-adults','2025-09-08 10:00:00',22,'2025-09-13 10:00:00','Start review','~',1,4,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(5,'changes_requested','How does self-compassion relate to attachment security in adults?','how-does-self-compassion-relate-to-attachment-security-in-adults','2025-09-08 10:00:00',23,'2025-09-20 10:00:00','Request changes: The guideline section cites a pediatric report for a claim about adults. Please sa…','~',1,2,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(6,'draft','Does attachment style determine the outcome of psychotherapy?','does-attachment-style-determine-the-outcome-of-psychotherapy','2025-06-02 10:00:00',24,'2025-06-02 10:00:00',NULL,'+',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(6,'submitted','Does attachment style determine the outcome of psychotherapy?','does-attachment-style-determine-the-outcome-of-psychotherapy','2025-06-02 10:00:00',25,'2025-06-05 10:00:00','Submit for review','~',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(6,'under_review','Does attachment style determine the outcome of psychotherapy?','does-attachment-style-determine-the-outcome-of-psychotherapy','2025-06-02 10:00:00',26,'2025-06-06 10:00:00','Start review','~',1,4,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(6,'rejected','Does attachment style determine the outcome of psychotherapy?','does-attachment-style-determine-the-outcome-of-psychotherapy','2025-06-02 10:00:00',27,'2025-06-13 10:00:00','Reject: The central claim is causal and absolute, and the cited article does not support it. The qu…','~',1,3,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(7,'draft','Which questions about childhood adversity belong in an adult primary care visit?','which-questions-about-childhood-adversity-belong-in-an-adult-primary-care-visit','2025-07-14 10:00:00',28,'2025-07-14 10:00:00',NULL,'+',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(7,'submitted','Which questions about childhood adversity belong in an adult primary care visit?','which-questions-about-childhood-adversity-belong-in-an-adult-primary-care-visit','2025-07-14 10:00:00',29,'2025-07-16 10:00:00','Submit for review','~',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(7,'withdrawn','Which questions about childhood adversity belong in an adult primary care visit?','which-questions-about-childhood-adversity-belong-in-an-adult-primary-care-visit','2025-07-14 10:00:00',30,'2025-07-20 10:00:00','Withdraw: Withdrawn: the cited guideline is pediatric; I will rewrite this for adults.','~',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(8,'draft','What are safe, stable, and nurturing relationships?','what-are-safe-stable-and-nurturing-relationships','2024-04-08 10:00:00',31,'2024-04-08 10:00:00',NULL,'+',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(8,'submitted','What are safe, stable, and nurturing relationships?','what-are-safe-stable-and-nurturing-relationships','2024-04-08 10:00:00',32,'2024-04-11 10:00:00','Submit for review','~',1,1,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(8,'under_review','What are safe, stable, and nurturing relationships?','what-are-safe-stable-and-nurturing-relationships','2024-04-08 10:00:00',33,'2024-04-12 10:00:00','Start review','~',1,4,NULL,NULL,NULL,NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(8,'approved','What are safe, stable, and nurturing relationships?','what-are-safe-stable-and-nurturing-relationships','2024-04-08 10:00:00',34,'2024-04-17 10:00:00','Approve','~',1,2,9,'2024-04-17 10:00:00','2025-04-17',NULL,1);
INSERT INTO "articles_historicalarticle" VALUES(8,'archived','What are safe, stable, and nurturing relationships?','what-are-safe-stable-and-nurturing-relationships','2024-04-08 10:00:00',35,'2025-05-13 10:00:00','Archive: Retired: an updated article on trauma-informed care is in preparation.','~',1,4,9,'2024-04-17 10:00:00','2025-04-17',NULL,1);
CREATE TABLE "articles_historicalarticle_coauthors" ("id" bigint NOT NULL, "m2m_history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "article_id" bigint NULL, "history_id" integer NOT NULL, "user_id" bigint NULL);
CREATE TABLE "articles_historicalarticlereference" ("id" bigint NOT NULL, "added_at" datetime NOT NULL, "history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "history_date" datetime NOT NULL, "history_change_reason" varchar(100) NULL, "history_type" varchar(1) NOT NULL, "article_id" bigint NULL, "history_user_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "reference_id" bigint NULL);
INSERT INTO "articles_historicalarticlereference" VALUES(1,'2025-01-27 09:15:00',1,'2025-01-27 09:15:00',NULL,'+',1,1,3);
INSERT INTO "articles_historicalarticlereference" VALUES(2,'2025-01-27 09:15:00',2,'2025-01-27 09:15:00',NULL,'+',1,1,1);
INSERT INTO "articles_historicalarticlereference" VALUES(3,'2025-01-27 09:15:00',3,'2025-01-27 09:15:00',NULL,'+',1,1,2);
INSERT INTO "articles_historicalarticlereference" VALUES(4,'2025-10-20 10:00:00',4,'2025-10-20 10:00:00',NULL,'+',3,1,1);
INSERT INTO "articles_historicalarticlereference" VALUES(5,'2025-10-20 10:00:00',5,'2025-10-20 10:00:00',NULL,'+',3,1,2);
INSERT INTO "articles_historicalarticlereference" VALUES(6,'2025-03-03 10:00:00',6,'2025-03-03 10:00:00',NULL,'+',4,1,3);
INSERT INTO "articles_historicalarticlereference" VALUES(7,'2025-03-03 10:00:00',7,'2025-03-03 10:00:00',NULL,'+',4,1,1);
INSERT INTO "articles_historicalarticlereference" VALUES(8,'2025-03-03 10:00:00',8,'2025-03-03 10:00:00',NULL,'+',4,1,2);
INSERT INTO "articles_historicalarticlereference" VALUES(9,'2025-09-08 10:00:00',9,'2025-09-08 10:00:00',NULL,'+',5,1,3);
INSERT INTO "articles_historicalarticlereference" VALUES(10,'2025-09-08 10:00:00',10,'2025-09-08 10:00:00',NULL,'+',5,1,1);
INSERT INTO "articles_historicalarticlereference" VALUES(11,'2025-06-02 10:00:00',11,'2025-06-02 10:00:00',NULL,'+',6,1,3);
INSERT INTO "articles_historicalarticlereference" VALUES(12,'2025-07-14 10:00:00',12,'2025-07-14 10:00:00',NULL,'+',7,1,1);
INSERT INTO "articles_historicalarticlereference" VALUES(13,'2025-07-14 10:00:00',13,'2025-07-14 10:00:00',NULL,'+',7,1,2);
INSERT INTO "articles_historicalarticlereference" VALUES(14,'2024-04-08 10:00:00',14,'2024-04-08 10:00:00',NULL,'+',8,1,1);
INSERT INTO "articles_historicalarticlereference" VALUES(15,'2024-04-08 10:00:00',15,'2024-04-08 10:00:00',NULL,'+',8,1,2);
CREATE TABLE "articles_historicalsection" ("id" bigint NOT NULL, "position" smallint unsigned NOT NULL CHECK ("position" >= 0), "heading" varchar(200) NOT NULL, "body" text NOT NULL, "history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "history_date" datetime NOT NULL, "history_change_reason" varchar(100) NULL, "history_type" varchar(1) NOT NULL, "article_id" bigint NULL, "history_user_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "articles_historicalsection" VALUES(1,1,'From the Guidelines','To develop a secure attachment style as an adult, it is crucial to focus on self-awareness, emotional regulation, and building healthy relationships, as recent studies suggest that attachment remains malleable beyond infancy, even into adolescence and adulthood, to some extent [@pediatrics2021trauma]. When considering the development of a secure attachment style, several key factors come into play, including:

- **Self-awareness:** Examining your current attachment patterns through reflection or journaling about your relationship behaviors and emotional responses is essential.
- **Emotional regulation:** Practicing emotional regulation by identifying and naming your feelings without judgment, using mindfulness techniques like deep breathing when feeling anxious or avoidant in relationships, can help.
- **Building healthy relationships:** Seeking therapy, particularly cognitive-behavioral therapy or psychodynamic approaches, can help address attachment wounds from childhood, and building a support network of consistent, trustworthy relationships where you can practice vulnerability gradually is vital. The importance of a secure attachment style is highlighted by its impact on mental health, with studies showing that less secure attachment styles are associated with increased symptoms of postpartum depression and other mental health issues [@pediatrics2021trauma]. In terms of specific strategies for developing a secure attachment style, it is essential to:
- Practice self-compassion by treating yourself with the same kindness you would offer a friend.
- Communicate openly about your needs and boundaries while respecting those of others in relationships.
- Recognize that developing secure attachment takes time, as you are rewiring neural pathways formed early in life, but consistent practice of these skills can lead to more fulfilling relationships and improved emotional wellbeing, as supported by the concept of relational health care and the importance of forming and maintaining safe, stable, and nurturing relationships [@pspr2018workingmodels].
',1,'2025-01-27 09:15:00',NULL,'+',1,1);
INSERT INTO "articles_historicalsection" VALUES(2,2,'From the Research','### Factors Contributing to Secure Attachment Style in Adults

Several factors contribute to the development of a secure attachment style in adults, including:

- A positive and supportive therapeutic relationship, which can provide a secure base for individuals to explore and process their attachment experiences [@ahd2007positive]
- The ability to formulate and process relationship experiences in a healthy and constructive manner [@ahd2007positive; @pspr2018workingmodels]
- The presence of self-compassion, which can mediate the relationship between attachment style and eudaimonic well-being [@ahd2007positive]
- Experiences that foster personal confidence and secure mental models of the self, such as positive dependence and secure relationships [@pspr2018workingmodels]
- A therapist''s awareness of their own and their clients'' attachment experiences, and their ability to formulate and meet clients'' attachment needs [@ahd2007positive]

### The Importance of Attachment Security in Adulthood

Attachment security is important for psychological well-being in adulthood, and is related to feelings of joy, comfort, and contentment throughout life [@ahd2007positive]. Secure attachment can facilitate an attitude of kindness and acceptance toward the self, and can enhance psychological and physical well-being [@ahd2007positive].
',2,'2025-01-27 09:15:00',NULL,'+',1,1);
INSERT INTO "articles_historicalsection" VALUES(2,2,'From the Research','### Factors Contributing to Secure Attachment Style in Adults

Several factors contribute to the development of a secure attachment style in adults, including:

- A positive and supportive therapeutic relationship, which can provide a secure base for individuals to explore and process their attachment experiences [@ahd2007positive]
- The ability to formulate and process relationship experiences in a healthy and constructive manner [@ahd2007positive; @pspr2018workingmodels]
- The presence of self-compassion, which can mediate the relationship between attachment style and eudaimonic well-being [@ahd2007positive]
- Experiences that foster personal confidence and secure mental models of the self, such as positive dependence and secure relationships [@pspr2018workingmodels]
- A therapist''s awareness of their own and their clients'' attachment experiences, and their ability to formulate and meet clients'' attachment needs [@ahd2007positive]

### Key Themes in Attachment-Informed Therapy

Research has identified several key themes in attachment-informed therapy, including:

- Changing internal working models
- The therapeutic relationship and creating a secure base
- Formulating and processing relationship experiences
- Countertransference
- Separation, termination, and boundary issues
- Working with different attachment styles or patterns [@ahd2007positive]

### The Importance of Attachment Security in Adulthood

Attachment security is important for psychological well-being in adulthood, and is related to feelings of joy, comfort, and contentment throughout life [@ahd2007positive]. Secure attachment can facilitate an attitude of kindness and acceptance toward the self, and can enhance psychological and physical well-being [@ahd2007positive].
',3,'2025-02-17 11:00:00',NULL,'~',1,1);
INSERT INTO "articles_historicalsection" VALUES(3,1,'From the Guidelines','Notes for the first draft: summarize what the AAP clinical report says about asking about adversity and relationships, before turning to adults.',4,'2025-11-03 10:00:00',NULL,'+',2,1);
INSERT INTO "articles_historicalsection" VALUES(4,2,'From the Research','',5,'2025-11-03 10:00:00',NULL,'+',2,1);
INSERT INTO "articles_historicalsection" VALUES(5,1,'From the Guidelines','Trauma-informed care asks clinicians to recognize how adversity affects a child''s health and behavior, and to respond in ways that build safe, stable and nurturing relationships rather than add to stress [@pediatrics2021trauma].

- Recognize signs of adversity and their effects on development.
- Respond with strategies that support the child and the caregivers.
- Avoid practices that retraumatize [@pediatrics2021trauma].',6,'2025-10-20 10:00:00',NULL,'+',3,1);
INSERT INTO "articles_historicalsection" VALUES(6,2,'From the Research','Supportive relationships can shift how people think about themselves and others over time [@pspr2018workingmodels].',7,'2025-10-20 10:00:00',NULL,'+',3,1);
INSERT INTO "articles_historicalsection" VALUES(7,1,'From the Guidelines','Clinical guidance treats early relationships as formative but not fixed: safe, stable and nurturing relationships remain protective beyond early childhood [@pediatrics2021trauma].',8,'2025-03-03 10:00:00',NULL,'+',4,1);
INSERT INTO "articles_historicalsection" VALUES(8,2,'From the Research','### Relationship situations that enhance security

Working models of attachment can be revised across time, particularly through relationship situations that challenge insecure expectations and offer new, more secure experiences [@pspr2018workingmodels].

### Positive experiences

Positive relational experiences are associated with greater security and well-being in adults [@ahd2007positive].',9,'2025-03-03 10:00:00',NULL,'+',4,1);
INSERT INTO "articles_historicalsection" VALUES(7,1,'From the Guidelines','Clinical guidance treats early relationships as formative but not fixed: safe, stable and nurturing relationships remain protective beyond early childhood, and clinicians can help families build them [@pediatrics2021trauma].',10,'2025-10-30 10:00:00',NULL,'~',4,1);
INSERT INTO "articles_historicalsection" VALUES(8,2,'From the Research','### Relationship situations that enhance security

Working models of attachment can be revised across time, particularly through relationship situations that challenge insecure expectations and offer new, more secure experiences [@pspr2018workingmodels].

### Positive experiences

Positive relational experiences are associated with greater security and well-being in adults [@ahd2007positive; @pspr2018workingmodels].',11,'2025-10-30 10:00:00',NULL,'~',4,1);
INSERT INTO "articles_historicalsection" VALUES(9,1,'From the Guidelines','Guidance on relational health emphasizes supportive relationships as a foundation for well-being [@pediatrics2021trauma].',12,'2025-09-08 10:00:00',NULL,'+',5,1);
INSERT INTO "articles_historicalsection" VALUES(10,2,'From the Research','Secure attachment is associated with a kinder, more accepting attitude toward the self [@ahd2007positive].',13,'2025-09-08 10:00:00',NULL,'+',5,1);
INSERT INTO "articles_historicalsection" VALUES(11,1,'From the Guidelines','No guideline addresses this question directly.',14,'2025-06-02 10:00:00',NULL,'+',6,1);
INSERT INTO "articles_historicalsection" VALUES(12,2,'From the Research','Attachment style determines whether psychotherapy succeeds [@ahd2007positive].',15,'2025-06-02 10:00:00',NULL,'+',6,1);
INSERT INTO "articles_historicalsection" VALUES(13,1,'From the Guidelines','Asking about adversity should come with a plan to respond supportively [@pediatrics2021trauma].',16,'2025-07-14 10:00:00',NULL,'+',7,1);
INSERT INTO "articles_historicalsection" VALUES(14,2,'From the Research','Relationship experiences shape working models [@pspr2018workingmodels].',17,'2025-07-14 10:00:00',NULL,'+',7,1);
INSERT INTO "articles_historicalsection" VALUES(15,1,'From the Guidelines','Safe, stable, and nurturing relationships buffer children from the effects of adversity and are central to trauma-informed care [@pediatrics2021trauma].',18,'2024-04-08 10:00:00',NULL,'+',8,1);
INSERT INTO "articles_historicalsection" VALUES(16,2,'From the Research','Secure relationships later in life can also strengthen attachment security [@pspr2018workingmodels].',19,'2024-04-08 10:00:00',NULL,'+',8,1);
CREATE TABLE "articles_section" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "position" smallint unsigned NOT NULL CHECK ("position" >= 0), "heading" varchar(200) NOT NULL, "body" text NOT NULL, "article_id" bigint NOT NULL REFERENCES "articles_article" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "section_position_unique_per_article" UNIQUE ("article_id", "position"));
INSERT INTO "articles_section" VALUES(1,1,'From the Guidelines','To develop a secure attachment style as an adult, it is crucial to focus on self-awareness, emotional regulation, and building healthy relationships, as recent studies suggest that attachment remains malleable beyond infancy, even into adolescence and adulthood, to some extent [@pediatrics2021trauma]. When considering the development of a secure attachment style, several key factors come into play, including:

- **Self-awareness:** Examining your current attachment patterns through reflection or journaling about your relationship behaviors and emotional responses is essential.
- **Emotional regulation:** Practicing emotional regulation by identifying and naming your feelings without judgment, using mindfulness techniques like deep breathing when feeling anxious or avoidant in relationships, can help.
- **Building healthy relationships:** Seeking therapy, particularly cognitive-behavioral therapy or psychodynamic approaches, can help address attachment wounds from childhood, and building a support network of consistent, trustworthy relationships where you can practice vulnerability gradually is vital. The importance of a secure attachment style is highlighted by its impact on mental health, with studies showing that less secure attachment styles are associated with increased symptoms of postpartum depression and other mental health issues [@pediatrics2021trauma]. In terms of specific strategies for developing a secure attachment style, it is essential to:
- Practice self-compassion by treating yourself with the same kindness you would offer a friend.
- Communicate openly about your needs and boundaries while respecting those of others in relationships.
- Recognize that developing secure attachment takes time, as you are rewiring neural pathways formed early in life, but consistent practice of these skills can lead to more fulfilling relationships and improved emotional wellbeing, as supported by the concept of relational health care and the importance of forming and maintaining safe, stable, and nurturing relationships [@pspr2018workingmodels].
',1);
INSERT INTO "articles_section" VALUES(2,2,'From the Research','### Factors Contributing to Secure Attachment Style in Adults

Several factors contribute to the development of a secure attachment style in adults, including:

- A positive and supportive therapeutic relationship, which can provide a secure base for individuals to explore and process their attachment experiences [@ahd2007positive]
- The ability to formulate and process relationship experiences in a healthy and constructive manner [@ahd2007positive; @pspr2018workingmodels]
- The presence of self-compassion, which can mediate the relationship between attachment style and eudaimonic well-being [@ahd2007positive]
- Experiences that foster personal confidence and secure mental models of the self, such as positive dependence and secure relationships [@pspr2018workingmodels]
- A therapist''s awareness of their own and their clients'' attachment experiences, and their ability to formulate and meet clients'' attachment needs [@ahd2007positive]

### Key Themes in Attachment-Informed Therapy

Research has identified several key themes in attachment-informed therapy, including:

- Changing internal working models
- The therapeutic relationship and creating a secure base
- Formulating and processing relationship experiences
- Countertransference
- Separation, termination, and boundary issues
- Working with different attachment styles or patterns [@ahd2007positive]

### The Importance of Attachment Security in Adulthood

Attachment security is important for psychological well-being in adulthood, and is related to feelings of joy, comfort, and contentment throughout life [@ahd2007positive]. Secure attachment can facilitate an attitude of kindness and acceptance toward the self, and can enhance psychological and physical well-being [@ahd2007positive].
',1);
INSERT INTO "articles_section" VALUES(3,1,'From the Guidelines','Notes for the first draft: summarize what the AAP clinical report says about asking about adversity and relationships, before turning to adults.',2);
INSERT INTO "articles_section" VALUES(4,2,'From the Research','',2);
INSERT INTO "articles_section" VALUES(5,1,'From the Guidelines','Trauma-informed care asks clinicians to recognize how adversity affects a child''s health and behavior, and to respond in ways that build safe, stable and nurturing relationships rather than add to stress [@pediatrics2021trauma].

- Recognize signs of adversity and their effects on development.
- Respond with strategies that support the child and the caregivers.
- Avoid practices that retraumatize [@pediatrics2021trauma].',3);
INSERT INTO "articles_section" VALUES(6,2,'From the Research','Supportive relationships can shift how people think about themselves and others over time [@pspr2018workingmodels].',3);
INSERT INTO "articles_section" VALUES(7,1,'From the Guidelines','Clinical guidance treats early relationships as formative but not fixed: safe, stable and nurturing relationships remain protective beyond early childhood, and clinicians can help families build them [@pediatrics2021trauma].',4);
INSERT INTO "articles_section" VALUES(8,2,'From the Research','### Relationship situations that enhance security

Working models of attachment can be revised across time, particularly through relationship situations that challenge insecure expectations and offer new, more secure experiences [@pspr2018workingmodels].

### Positive experiences

Positive relational experiences are associated with greater security and well-being in adults [@ahd2007positive; @pspr2018workingmodels].',4);
INSERT INTO "articles_section" VALUES(9,1,'From the Guidelines','Guidance on relational health emphasizes supportive relationships as a foundation for well-being [@pediatrics2021trauma].',5);
INSERT INTO "articles_section" VALUES(10,2,'From the Research','Secure attachment is associated with a kinder, more accepting attitude toward the self [@ahd2007positive].',5);
INSERT INTO "articles_section" VALUES(11,1,'From the Guidelines','No guideline addresses this question directly.',6);
INSERT INTO "articles_section" VALUES(12,2,'From the Research','Attachment style determines whether psychotherapy succeeds [@ahd2007positive].',6);
INSERT INTO "articles_section" VALUES(13,1,'From the Guidelines','Asking about adversity should come with a plan to respond supportively [@pediatrics2021trauma].',7);
INSERT INTO "articles_section" VALUES(14,2,'From the Research','Relationship experiences shape working models [@pspr2018workingmodels].',7);
INSERT INTO "articles_section" VALUES(15,1,'From the Guidelines','Safe, stable, and nurturing relationships buffer children from the effects of adversity and are central to trauma-informed care [@pediatrics2021trauma].',8);
INSERT INTO "articles_section" VALUES(16,2,'From the Research','Secure relationships later in life can also strengthen attachment security [@pspr2018workingmodels].',8);
CREATE TABLE "articles_topic" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL UNIQUE, "slug" varchar(100) NOT NULL UNIQUE, "description" text NOT NULL);
INSERT INTO "articles_topic" VALUES(1,'Attachment','attachment','How attachment styles form in childhood and change in adulthood.');
INSERT INTO "articles_topic" VALUES(2,'Psychotherapy','psychotherapy','The therapeutic relationship and attachment-informed therapy.');
INSERT INTO "articles_topic" VALUES(3,'Trauma-informed care','trauma-informed-care','Recognizing and responding to childhood adversity in practice.');
CREATE TABLE "articles_topic_articles" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "topic_id" bigint NOT NULL REFERENCES "articles_topic" ("id") DEFERRABLE INITIALLY DEFERRED, "article_id" bigint NOT NULL REFERENCES "articles_article" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "articles_topic_articles" VALUES(1,1,1);
INSERT INTO "articles_topic_articles" VALUES(2,1,2);
INSERT INTO "articles_topic_articles" VALUES(3,1,4);
INSERT INTO "articles_topic_articles" VALUES(4,1,5);
INSERT INTO "articles_topic_articles" VALUES(5,1,6);
INSERT INTO "articles_topic_articles" VALUES(6,2,1);
INSERT INTO "articles_topic_articles" VALUES(7,2,6);
INSERT INTO "articles_topic_articles" VALUES(8,3,8);
INSERT INTO "articles_topic_articles" VALUES(9,3,3);
INSERT INTO "articles_topic_articles" VALUES(10,3,7);
CREATE TABLE "auth_group" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(150) NOT NULL UNIQUE);
INSERT INTO "auth_group" VALUES(1,'Authors');
INSERT INTO "auth_group" VALUES(2,'Board members');
INSERT INTO "auth_group" VALUES(3,'Editors');
CREATE TABLE "auth_group_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "auth_group_permissions" VALUES(1,1,5);
INSERT INTO "auth_group_permissions" VALUES(2,1,6);
INSERT INTO "auth_group_permissions" VALUES(3,1,8);
INSERT INTO "auth_group_permissions" VALUES(4,1,69);
INSERT INTO "auth_group_permissions" VALUES(5,1,72);
INSERT INTO "auth_group_permissions" VALUES(6,2,8);
INSERT INTO "auth_group_permissions" VALUES(7,2,16);
INSERT INTO "auth_group_permissions" VALUES(8,2,36);
INSERT INTO "auth_group_permissions" VALUES(9,2,12);
INSERT INTO "auth_group_permissions" VALUES(10,2,72);
INSERT INTO "auth_group_permissions" VALUES(11,2,56);
INSERT INTO "auth_group_permissions" VALUES(12,2,64);
INSERT INTO "auth_group_permissions" VALUES(13,3,8);
INSERT INTO "auth_group_permissions" VALUES(14,3,16);
INSERT INTO "auth_group_permissions" VALUES(15,3,36);
INSERT INTO "auth_group_permissions" VALUES(16,3,12);
INSERT INTO "auth_group_permissions" VALUES(17,3,69);
INSERT INTO "auth_group_permissions" VALUES(18,3,70);
INSERT INTO "auth_group_permissions" VALUES(19,3,72);
INSERT INTO "auth_group_permissions" VALUES(20,3,53);
INSERT INTO "auth_group_permissions" VALUES(21,3,54);
INSERT INTO "auth_group_permissions" VALUES(22,3,56);
INSERT INTO "auth_group_permissions" VALUES(23,3,64);
INSERT INTO "auth_group_permissions" VALUES(24,3,88);
INSERT INTO "auth_group_permissions" VALUES(25,3,81);
INSERT INTO "auth_group_permissions" VALUES(26,3,82);
INSERT INTO "auth_group_permissions" VALUES(27,3,84);
INSERT INTO "auth_group_permissions" VALUES(28,2,88);
INSERT INTO "auth_group_permissions" VALUES(29,2,84);
INSERT INTO "auth_group_permissions" VALUES(30,2,104);
INSERT INTO "auth_group_permissions" VALUES(31,2,100);
INSERT INTO "auth_group_permissions" VALUES(32,2,92);
INSERT INTO "auth_group_permissions" VALUES(33,2,108);
INSERT INTO "auth_group_permissions" VALUES(34,3,100);
INSERT INTO "auth_group_permissions" VALUES(35,3,104);
INSERT INTO "auth_group_permissions" VALUES(36,3,108);
INSERT INTO "auth_group_permissions" VALUES(37,3,116);
INSERT INTO "auth_group_permissions" VALUES(38,3,89);
INSERT INTO "auth_group_permissions" VALUES(39,3,90);
INSERT INTO "auth_group_permissions" VALUES(40,3,92);
INSERT INTO "auth_group_permissions" VALUES(41,2,120);
INSERT INTO "auth_group_permissions" VALUES(42,3,120);
INSERT INTO "auth_group_permissions" VALUES(43,3,121);
INSERT INTO "auth_group_permissions" VALUES(44,3,124);
INSERT INTO "auth_group_permissions" VALUES(45,3,129);
INSERT INTO "auth_group_permissions" VALUES(46,3,130);
INSERT INTO "auth_group_permissions" VALUES(47,3,132);
INSERT INTO "auth_group_permissions" VALUES(48,3,136);
INSERT INTO "auth_group_permissions" VALUES(49,3,141);
INSERT INTO "auth_group_permissions" VALUES(50,3,142);
INSERT INTO "auth_group_permissions" VALUES(51,3,144);
INSERT INTO "auth_group_permissions" VALUES(52,3,160);
INSERT INTO "auth_group_permissions" VALUES(53,3,164);
INSERT INTO "auth_group_permissions" VALUES(54,3,155);
INSERT INTO "auth_group_permissions" VALUES(55,3,156);
CREATE TABLE "auth_permission" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "content_type_id" integer NOT NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "codename" varchar(100) NOT NULL, "name" varchar(255) NOT NULL);
INSERT INTO "auth_permission" VALUES(1,1,'add_logentry','Can add log entry');
INSERT INTO "auth_permission" VALUES(2,1,'change_logentry','Can change log entry');
INSERT INTO "auth_permission" VALUES(3,1,'delete_logentry','Can delete log entry');
INSERT INTO "auth_permission" VALUES(4,1,'view_logentry','Can view log entry');
INSERT INTO "auth_permission" VALUES(5,2,'add_article','Can add article');
INSERT INTO "auth_permission" VALUES(6,2,'change_article','Can change article');
INSERT INTO "auth_permission" VALUES(7,2,'delete_article','Can delete article');
INSERT INTO "auth_permission" VALUES(8,2,'view_article','Can view article');
INSERT INTO "auth_permission" VALUES(9,3,'add_articlereference','Can add article reference');
INSERT INTO "auth_permission" VALUES(10,3,'change_articlereference','Can change article reference');
INSERT INTO "auth_permission" VALUES(11,3,'delete_articlereference','Can delete article reference');
INSERT INTO "auth_permission" VALUES(12,3,'view_articlereference','Can view article reference');
INSERT INTO "auth_permission" VALUES(13,4,'add_articlerevision','Can add article revision');
INSERT INTO "auth_permission" VALUES(14,4,'change_articlerevision','Can change article revision');
INSERT INTO "auth_permission" VALUES(15,4,'delete_articlerevision','Can delete article revision');
INSERT INTO "auth_permission" VALUES(16,4,'view_articlerevision','Can view article revision');
INSERT INTO "auth_permission" VALUES(17,5,'add_historicalarticle','Can add historical article');
INSERT INTO "auth_permission" VALUES(18,5,'change_historicalarticle','Can change historical article');
INSERT INTO "auth_permission" VALUES(19,5,'delete_historicalarticle','Can delete historical article');
INSERT INTO "auth_permission" VALUES(20,5,'view_historicalarticle','Can view historical article');
INSERT INTO "auth_permission" VALUES(21,6,'add_historicalarticle_coauthors','Can add HistoricalArticle_coauthors');
INSERT INTO "auth_permission" VALUES(22,6,'change_historicalarticle_coauthors','Can change HistoricalArticle_coauthors');
INSERT INTO "auth_permission" VALUES(23,6,'delete_historicalarticle_coauthors','Can delete HistoricalArticle_coauthors');
INSERT INTO "auth_permission" VALUES(24,6,'view_historicalarticle_coauthors','Can view HistoricalArticle_coauthors');
INSERT INTO "auth_permission" VALUES(25,7,'add_historicalarticlereference','Can add historical article reference');
INSERT INTO "auth_permission" VALUES(26,7,'change_historicalarticlereference','Can change historical article reference');
INSERT INTO "auth_permission" VALUES(27,7,'delete_historicalarticlereference','Can delete historical article reference');
INSERT INTO "auth_permission" VALUES(28,7,'view_historicalarticlereference','Can view historical article reference');
INSERT INTO "auth_permission" VALUES(29,8,'add_historicalsection','Can add historical section');
INSERT INTO "auth_permission" VALUES(30,8,'change_historicalsection','Can change historical section');
INSERT INTO "auth_permission" VALUES(31,8,'delete_historicalsection','Can delete historical section');
INSERT INTO "auth_permission" VALUES(32,8,'view_historicalsection','Can view historical section');
INSERT INTO "auth_permission" VALUES(33,9,'add_section','Can add section');
INSERT INTO "auth_permission" VALUES(34,9,'change_section','Can change section');
INSERT INTO "auth_permission" VALUES(35,9,'delete_section','Can delete section');
INSERT INTO "auth_permission" VALUES(36,9,'view_section','Can view section');
INSERT INTO "auth_permission" VALUES(37,10,'add_permission','Can add permission');
INSERT INTO "auth_permission" VALUES(38,10,'change_permission','Can change permission');
INSERT INTO "auth_permission" VALUES(39,10,'delete_permission','Can delete permission');
INSERT INTO "auth_permission" VALUES(40,10,'view_permission','Can view permission');
INSERT INTO "auth_permission" VALUES(41,11,'add_group','Can add group');
INSERT INTO "auth_permission" VALUES(42,11,'change_group','Can change group');
INSERT INTO "auth_permission" VALUES(43,11,'delete_group','Can delete group');
INSERT INTO "auth_permission" VALUES(44,11,'view_group','Can view group');
INSERT INTO "auth_permission" VALUES(45,12,'add_contenttype','Can add content type');
INSERT INTO "auth_permission" VALUES(46,12,'change_contenttype','Can change content type');
INSERT INTO "auth_permission" VALUES(47,12,'delete_contenttype','Can delete content type');
INSERT INTO "auth_permission" VALUES(48,12,'view_contenttype','Can view content type');
INSERT INTO "auth_permission" VALUES(49,13,'add_user','Can add user');
INSERT INTO "auth_permission" VALUES(50,13,'change_user','Can change user');
INSERT INTO "auth_permission" VALUES(51,13,'delete_user','Can delete user');
INSERT INTO "auth_permission" VALUES(52,13,'view_user','Can view user');
INSERT INTO "auth_permission" VALUES(53,14,'add_boardmember','Can add board member');
INSERT INTO "auth_permission" VALUES(54,14,'change_boardmember','Can change board member');
INSERT INTO "auth_permission" VALUES(55,14,'delete_boardmember','Can delete board member');
INSERT INTO "auth_permission" VALUES(56,14,'view_boardmember','Can view board member');
INSERT INTO "auth_permission" VALUES(57,15,'add_historicalboardmember','Can add historical board member');
INSERT INTO "auth_permission" VALUES(58,15,'change_historicalboardmember','Can change historical board member');
INSERT INTO "auth_permission" VALUES(59,15,'delete_historicalboardmember','Can delete historical board member');
INSERT INTO "auth_permission" VALUES(60,15,'view_historicalboardmember','Can view historical board member');
INSERT INTO "auth_permission" VALUES(61,16,'add_transitionlog','Can add workflow transition');
INSERT INTO "auth_permission" VALUES(62,16,'change_transitionlog','Can change workflow transition');
INSERT INTO "auth_permission" VALUES(63,16,'delete_transitionlog','Can delete workflow transition');
INSERT INTO "auth_permission" VALUES(64,16,'view_transitionlog','Can view workflow transition');
INSERT INTO "auth_permission" VALUES(65,17,'add_historicalreference','Can add historical reference');
INSERT INTO "auth_permission" VALUES(66,17,'change_historicalreference','Can change historical reference');
INSERT INTO "auth_permission" VALUES(67,17,'delete_historicalreference','Can delete historical reference');
INSERT INTO "auth_permission" VALUES(68,17,'view_historicalreference','Can view historical reference');
INSERT INTO "auth_permission" VALUES(69,18,'add_reference','Can add reference');
INSERT INTO "auth_permission" VALUES(70,18,'change_reference','Can change reference');
INSERT INTO "auth_permission" VALUES(71,18,'delete_reference','Can delete reference');
INSERT INTO "auth_permission" VALUES(72,18,'view_reference','Can view reference');
INSERT INTO "auth_permission" VALUES(73,19,'add_historicalretraction','Can add historical retraction');
INSERT INTO "auth_permission" VALUES(74,19,'change_historicalretraction','Can change historical retraction');
INSERT INTO "auth_permission" VALUES(75,19,'delete_historicalretraction','Can delete historical retraction');
INSERT INTO "auth_permission" VALUES(76,19,'view_historicalretraction','Can view historical retraction');
INSERT INTO "auth_permission" VALUES(77,20,'add_historicalretractionacknowledgement','Can add historical retraction acknowledgement');
INSERT INTO "auth_permission" VALUES(78,20,'change_historicalretractionacknowledgement','Can change historical retraction acknowledgement');
INSERT INTO "auth_permission" VALUES(79,20,'delete_historicalretractionacknowledgement','Can delete historical retraction acknowledgement');
INSERT INTO "auth_permission" VALUES(80,20,'view_historicalretractionacknowledgement','Can view historical retraction acknowledgement');
INSERT INTO "auth_permission" VALUES(81,21,'add_retraction','Can add retraction');
INSERT INTO "auth_permission" VALUES(82,21,'change_retraction','Can change retraction');
INSERT INTO "auth_permission" VALUES(83,21,'delete_retraction','Can delete retraction');
INSERT INTO "auth_permission" VALUES(84,21,'view_retraction','Can view retraction');
INSERT INTO "auth_permission" VALUES(85,22,'add_retractionacknowledgement','Can add retraction acknowledgement');
INSERT INTO "auth_permission" VALUES(86,22,'change_retractionacknowledgement','Can change retraction acknowledgement');
INSERT INTO "auth_permission" VALUES(87,22,'delete_retractionacknowledgement','Can delete retraction acknowledgement');
INSERT INTO "auth_permission" VALUES(88,22,'view_retractionacknowledgement','Can view retraction acknowledgement');
INSERT INTO "auth_permission" VALUES(89,23,'add_decisionlettertemplate','Can add decision letter template');
INSERT INTO "auth_permission" VALUES(90,23,'change_decisionlettertemplate','Can change decision letter template');
INSERT INTO "auth_permission" VALUES(91,23,'delete_decisionlettertemplate','Can delete decision letter template');
INSERT INTO "auth_permission" VALUES(92,23,'view_decisionlettertemplate','Can view decision letter template');
INSERT INTO "auth_permission" VALUES(93,24,'add_historicaldecisionlettertemplate','Can add historical decision letter template');
INSERT INTO "auth_permission" VALUES(94,24,'change_historicaldecisionlettertemplate','Can change historical decision letter template');
INSERT INTO "auth_permission" VALUES(95,24,'delete_historicaldecisionlettertemplate','Can delete historical decision letter template');
INSERT INTO "auth_permission" VALUES(96,24,'view_historicaldecisionlettertemplate','Can view historical decision letter template');
INSERT INTO "auth_permission" VALUES(97,25,'add_reviewinvitation','Can add review invitation');
INSERT INTO "auth_permission" VALUES(98,25,'change_reviewinvitation','Can change review invitation');
INSERT INTO "auth_permission" VALUES(99,25,'delete_reviewinvitation','Can delete review invitation');
INSERT INTO "auth_permission" VALUES(100,25,'view_reviewinvitation','Can view review invitation');
INSERT INTO "auth_permission" VALUES(101,26,'add_review','Can add review');
INSERT INTO "auth_permission" VALUES(102,26,'change_review','Can change review');
INSERT INTO "auth_permission" VALUES(103,26,'delete_review','Can delete review');
INSERT INTO "auth_permission" VALUES(104,26,'view_review','Can view review');
INSERT INTO "auth_permission" VALUES(105,27,'add_reviewround','Can add review round');
INSERT INTO "auth_permission" VALUES(106,27,'change_reviewround','Can change review round');
INSERT INTO "auth_permission" VALUES(107,27,'delete_reviewround','Can delete review round');
INSERT INTO "auth_permission" VALUES(108,27,'view_reviewround','Can view review round');
INSERT INTO "auth_permission" VALUES(109,28,'add_historicalreviewinvitation','Can add historical review invitation');
INSERT INTO "auth_permission" VALUES(110,28,'change_historicalreviewinvitation','Can change historical review invitation');
INSERT INTO "auth_permission" VALUES(111,28,'delete_historicalreviewinvitation','Can delete historical review invitation');
INSERT INTO "auth_permission" VALUES(112,28,'view_historicalreviewinvitation','Can view historical review invitation');
INSERT INTO "auth_permission" VALUES(113,29,'add_rereviewnotice','Can add re review notice');
INSERT INTO "auth_permission" VALUES(114,29,'change_rereviewnotice','Can change re review notice');
INSERT INTO "auth_permission" VALUES(115,29,'delete_rereviewnotice','Can delete re review notice');
INSERT INTO "auth_permission" VALUES(116,29,'view_rereviewnotice','Can view re review notice');
INSERT INTO "auth_permission" VALUES(117,30,'add_awaitingmyreview','Can add review awaiting me');
INSERT INTO "auth_permission" VALUES(118,30,'change_awaitingmyreview','Can change review awaiting me');
INSERT INTO "auth_permission" VALUES(119,30,'delete_awaitingmyreview','Can delete review awaiting me');
INSERT INTO "auth_permission" VALUES(120,30,'view_awaitingmyreview','Can view review awaiting me');
INSERT INTO "auth_permission" VALUES(121,31,'add_editorialpolicy','Can add editorial policy version');
INSERT INTO "auth_permission" VALUES(122,31,'change_editorialpolicy','Can change editorial policy version');
INSERT INTO "auth_permission" VALUES(123,31,'delete_editorialpolicy','Can delete editorial policy version');
INSERT INTO "auth_permission" VALUES(124,31,'view_editorialpolicy','Can view editorial policy version');
INSERT INTO "auth_permission" VALUES(125,32,'add_historicaleditorialpolicy','Can add historical editorial policy version');
INSERT INTO "auth_permission" VALUES(126,32,'change_historicaleditorialpolicy','Can change historical editorial policy version');
INSERT INTO "auth_permission" VALUES(127,32,'delete_historicaleditorialpolicy','Can delete historical editorial policy version');
INSERT INTO "auth_permission" VALUES(128,32,'view_historicaleditorialpolicy','Can view historical editorial policy version');
INSERT INTO "auth_permission" VALUES(129,33,'add_topic','Can add topic');
INSERT INTO "auth_permission" VALUES(130,33,'change_topic','Can change topic');
INSERT INTO "auth_permission" VALUES(131,33,'delete_topic','Can delete topic');
INSERT INTO "auth_permission" VALUES(132,33,'view_topic','Can view topic');
INSERT INTO "auth_permission" VALUES(133,34,'add_outboundemail','Can add email');
INSERT INTO "auth_permission" VALUES(134,34,'change_outboundemail','Can change email');
INSERT INTO "auth_permission" VALUES(135,34,'delete_outboundemail','Can delete email');
INSERT INTO "auth_permission" VALUES(136,34,'view_outboundemail','Can view email');
INSERT INTO "auth_permission" VALUES(137,35,'add_historicalspecialty','Can add historical specialty');
INSERT INTO "auth_permission" VALUES(138,35,'change_historicalspecialty','Can change historical specialty');
INSERT INTO "auth_permission" VALUES(139,35,'delete_historicalspecialty','Can delete historical specialty');
INSERT INTO "auth_permission" VALUES(140,35,'view_historicalspecialty','Can view historical specialty');
INSERT INTO "auth_permission" VALUES(141,36,'add_specialty','Can add specialty');
INSERT INTO "auth_permission" VALUES(142,36,'change_specialty','Can change specialty');
INSERT INTO "auth_permission" VALUES(143,36,'delete_specialty','Can delete specialty');
INSERT INTO "auth_permission" VALUES(144,36,'view_specialty','Can view specialty');
INSERT INTO "auth_permission" VALUES(145,37,'add_historicalspecialty_topics','Can add HistoricalSpecialty_topics');
INSERT INTO "auth_permission" VALUES(146,37,'change_historicalspecialty_topics','Can change HistoricalSpecialty_topics');
INSERT INTO "auth_permission" VALUES(147,37,'delete_historicalspecialty_topics','Can delete HistoricalSpecialty_topics');
INSERT INTO "auth_permission" VALUES(148,37,'view_historicalspecialty_topics','Can view HistoricalSpecialty_topics');
INSERT INTO "auth_permission" VALUES(149,38,'add_historicalboardmember_specialties','Can add HistoricalBoardMember_specialties');
INSERT INTO "auth_permission" VALUES(150,38,'change_historicalboardmember_specialties','Can change HistoricalBoardMember_specialties');
INSERT INTO "auth_permission" VALUES(151,38,'delete_historicalboardmember_specialties','Can delete HistoricalBoardMember_specialties');
INSERT INTO "auth_permission" VALUES(152,38,'view_historicalboardmember_specialties','Can view HistoricalBoardMember_specialties');
INSERT INTO "auth_permission" VALUES(153,39,'add_accessattempt','Can add access attempt');
INSERT INTO "auth_permission" VALUES(154,39,'change_accessattempt','Can change access attempt');
INSERT INTO "auth_permission" VALUES(155,39,'delete_accessattempt','Can delete access attempt');
INSERT INTO "auth_permission" VALUES(156,39,'view_accessattempt','Can view access attempt');
INSERT INTO "auth_permission" VALUES(157,40,'add_accesslog','Can add access log');
INSERT INTO "auth_permission" VALUES(158,40,'change_accesslog','Can change access log');
INSERT INTO "auth_permission" VALUES(159,40,'delete_accesslog','Can delete access log');
INSERT INTO "auth_permission" VALUES(160,40,'view_accesslog','Can view access log');
INSERT INTO "auth_permission" VALUES(161,41,'add_accessfailurelog','Can add access failure');
INSERT INTO "auth_permission" VALUES(162,41,'change_accessfailurelog','Can change access failure');
INSERT INTO "auth_permission" VALUES(163,41,'delete_accessfailurelog','Can delete access failure');
INSERT INTO "auth_permission" VALUES(164,41,'view_accessfailurelog','Can view access failure');
INSERT INTO "auth_permission" VALUES(165,42,'add_accessattemptexpiration','Can add access attempt expiration');
INSERT INTO "auth_permission" VALUES(166,42,'change_accessattemptexpiration','Can change access attempt expiration');
INSERT INTO "auth_permission" VALUES(167,42,'delete_accessattemptexpiration','Can delete access attempt expiration');
INSERT INTO "auth_permission" VALUES(168,42,'view_accessattemptexpiration','Can view access attempt expiration');
INSERT INTO "auth_permission" VALUES(169,43,'add_session','Can add session');
INSERT INTO "auth_permission" VALUES(170,43,'change_session','Can change session');
INSERT INTO "auth_permission" VALUES(171,43,'delete_session','Can delete session');
INSERT INTO "auth_permission" VALUES(172,43,'view_session','Can view session');
INSERT INTO "auth_permission" VALUES(173,44,'add_dbtaskresult','Can add Task Result');
INSERT INTO "auth_permission" VALUES(174,44,'change_dbtaskresult','Can change Task Result');
INSERT INTO "auth_permission" VALUES(175,44,'delete_dbtaskresult','Can delete Task Result');
INSERT INTO "auth_permission" VALUES(176,44,'view_dbtaskresult','Can view Task Result');
INSERT INTO "auth_permission" VALUES(177,45,'add_claimcheck','Can add claim check');
INSERT INTO "auth_permission" VALUES(178,45,'change_claimcheck','Can change claim check');
INSERT INTO "auth_permission" VALUES(179,45,'delete_claimcheck','Can delete claim check');
INSERT INTO "auth_permission" VALUES(180,45,'view_claimcheck','Can view claim check');
INSERT INTO "auth_permission" VALUES(181,46,'add_historicalscheduledpublication','Can add historical scheduled publication');
INSERT INTO "auth_permission" VALUES(182,46,'change_historicalscheduledpublication','Can change historical scheduled publication');
INSERT INTO "auth_permission" VALUES(183,46,'delete_historicalscheduledpublication','Can delete historical scheduled publication');
INSERT INTO "auth_permission" VALUES(184,46,'view_historicalscheduledpublication','Can view historical scheduled publication');
INSERT INTO "auth_permission" VALUES(185,47,'add_scheduledpublication','Can add scheduled publication');
INSERT INTO "auth_permission" VALUES(186,47,'change_scheduledpublication','Can change scheduled publication');
INSERT INTO "auth_permission" VALUES(187,47,'delete_scheduledpublication','Can delete scheduled publication');
INSERT INTO "auth_permission" VALUES(188,47,'view_scheduledpublication','Can view scheduled publication');
CREATE TABLE "axes_accessattempt" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_agent" varchar(255) NOT NULL, "ip_address" char(39) NULL, "username" varchar(255) NULL, "http_accept" varchar(1025) NOT NULL, "path_info" varchar(255) NOT NULL, "attempt_time" datetime NOT NULL, "get_data" text NOT NULL, "post_data" text NOT NULL, "failures_since_start" integer unsigned NOT NULL CHECK ("failures_since_start" >= 0));
CREATE TABLE "axes_accessattemptexpiration" ("access_attempt_id" integer NOT NULL PRIMARY KEY REFERENCES "axes_accessattempt" ("id") DEFERRABLE INITIALLY DEFERRED, "expires_at" datetime NOT NULL);
CREATE TABLE "axes_accessfailurelog" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_agent" varchar(255) NOT NULL, "ip_address" char(39) NULL, "username" varchar(255) NULL, "http_accept" varchar(1025) NOT NULL, "path_info" varchar(255) NOT NULL, "attempt_time" datetime NOT NULL, "locked_out" bool NOT NULL);
CREATE TABLE "axes_accesslog" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_agent" varchar(255) NOT NULL, "ip_address" char(39) NULL, "username" varchar(255) NULL, "http_accept" varchar(1025) NOT NULL, "path_info" varchar(255) NOT NULL, "attempt_time" datetime NOT NULL, "logout_time" datetime NULL, "session_hash" varchar(64) NOT NULL);
CREATE TABLE "django_admin_log" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "object_id" text NULL, "object_repr" varchar(200) NOT NULL, "action_flag" smallint unsigned NOT NULL CHECK ("action_flag" >= 0), "change_message" text NOT NULL, "content_type_id" integer NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" bigint NOT NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "action_time" datetime NOT NULL);
CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL);
INSERT INTO "django_content_type" VALUES(1,'admin','logentry');
INSERT INTO "django_content_type" VALUES(2,'articles','article');
INSERT INTO "django_content_type" VALUES(3,'articles','articlereference');
INSERT INTO "django_content_type" VALUES(4,'articles','articlerevision');
INSERT INTO "django_content_type" VALUES(5,'articles','historicalarticle');
INSERT INTO "django_content_type" VALUES(6,'articles','historicalarticle_coauthors');
INSERT INTO "django_content_type" VALUES(7,'articles','historicalarticlereference');
INSERT INTO "django_content_type" VALUES(8,'articles','historicalsection');
INSERT INTO "django_content_type" VALUES(9,'articles','section');
INSERT INTO "django_content_type" VALUES(10,'auth','permission');
INSERT INTO "django_content_type" VALUES(11,'auth','group');
INSERT INTO "django_content_type" VALUES(12,'contenttypes','contenttype');
INSERT INTO "django_content_type" VALUES(13,'editorial','user');
INSERT INTO "django_content_type" VALUES(14,'editorial','boardmember');
INSERT INTO "django_content_type" VALUES(15,'editorial','historicalboardmember');
INSERT INTO "django_content_type" VALUES(16,'editorial','transitionlog');
INSERT INTO "django_content_type" VALUES(17,'references','historicalreference');
INSERT INTO "django_content_type" VALUES(18,'references','reference');
INSERT INTO "django_content_type" VALUES(19,'references','historicalretraction');
INSERT INTO "django_content_type" VALUES(20,'references','historicalretractionacknowledgement');
INSERT INTO "django_content_type" VALUES(21,'references','retraction');
INSERT INTO "django_content_type" VALUES(22,'references','retractionacknowledgement');
INSERT INTO "django_content_type" VALUES(23,'editorial','decisionlettertemplate');
INSERT INTO "django_content_type" VALUES(24,'editorial','historicaldecisionlettertemplate');
INSERT INTO "django_content_type" VALUES(25,'editorial','reviewinvitation');
INSERT INTO "django_content_type" VALUES(26,'editorial','review');
INSERT INTO "django_content_type" VALUES(27,'editorial','reviewround');
INSERT INTO "django_content_type" VALUES(28,'editorial','historicalreviewinvitation');
INSERT INTO "django_content_type" VALUES(29,'editorial','rereviewnotice');
INSERT INTO "django_content_type" VALUES(30,'editorial','awaitingmyreview');
INSERT INTO "django_content_type" VALUES(31,'editorial','editorialpolicy');
INSERT INTO "django_content_type" VALUES(32,'editorial','historicaleditorialpolicy');
INSERT INTO "django_content_type" VALUES(33,'articles','topic');
INSERT INTO "django_content_type" VALUES(34,'editorial','outboundemail');
INSERT INTO "django_content_type" VALUES(35,'editorial','historicalspecialty');
INSERT INTO "django_content_type" VALUES(36,'editorial','specialty');
INSERT INTO "django_content_type" VALUES(37,'editorial','historicalspecialty_topics');
INSERT INTO "django_content_type" VALUES(38,'editorial','historicalboardmember_specialties');
INSERT INTO "django_content_type" VALUES(39,'axes','accessattempt');
INSERT INTO "django_content_type" VALUES(40,'axes','accesslog');
INSERT INTO "django_content_type" VALUES(41,'axes','accessfailurelog');
INSERT INTO "django_content_type" VALUES(42,'axes','accessattemptexpiration');
INSERT INTO "django_content_type" VALUES(43,'sessions','session');
INSERT INTO "django_content_type" VALUES(44,'django_tasks_database','dbtaskresult');
INSERT INTO "django_content_type" VALUES(45,'editorial','claimcheck');
INSERT INTO "django_content_type" VALUES(46,'editorial','historicalscheduledpublication');
INSERT INTO "django_content_type" VALUES(47,'editorial','scheduledpublication');
CREATE TABLE "django_migrations" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" datetime NOT NULL);
INSERT INTO "django_migrations" VALUES(1,'contenttypes','0001_initial','2026-12-02 05:54:34.368648');
INSERT INTO "django_migrations" VALUES(2,'contenttypes','0002_remove_content_type_name','2026-12-02 05:54:34.380055');
INSERT INTO "django_migrations" VALUES(3,'auth','0001_initial','2026-12-02 05:54:34.397644');
INSERT INTO "django_migrations" VALUES(4,'auth','0002_alter_permission_name_max_length','2026-12-02 05:54:34.411419');
INSERT INTO "django_migrations" VALUES(5,'auth','0003_alter_user_email_max_length','2026-12-02 05:54:34.419143');
INSERT INTO "django_migrations" VALUES(6,'auth','0004_alter_user_username_opts','2026-12-02 05:54:34.427760');
INSERT INTO "django_migrations" VALUES(7,'auth','0005_alter_user_last_login_null','2026-12-02 05:54:34.449186');
INSERT INTO "django_migrations" VALUES(8,'auth','0006_require_contenttypes_0002','2026-12-02 05:54:34.456068');
INSERT INTO "django_migrations" VALUES(9,'auth','0007_alter_validators_add_error_messages','2026-12-02 05:54:34.464403');
INSERT INTO "django_migrations" VALUES(10,'auth','0008_alter_user_username_max_length','2026-12-02 05:54:34.478217');
INSERT INTO "django_migrations" VALUES(11,'auth','0009_alter_user_last_name_max_length','2026-12-02 05:54:34.487400');
INSERT INTO "django_migrations" VALUES(12,'auth','0010_alter_group_name_max_length','2026-12-02 05:54:34.499399');
INSERT INTO "django_migrations" VALUES(13,'auth','0011_update_proxy_permissions','2026-12-02 05:54:34.513027');
INSERT INTO "django_migrations" VALUES(14,'auth','0012_alter_user_first_name_max_length','2026-12-02 05:54:34.520680');
INSERT INTO "django_migrations" VALUES(15,'articles','0001_initial','2026-12-02 05:54:34.549809');
INSERT INTO "django_migrations" VALUES(16,'editorial','0001_initial','2026-12-02 05:54:34.595034');
INSERT INTO "django_migrations" VALUES(17,'admin','0001_initial','2026-12-02 05:54:34.621063');
INSERT INTO "django_migrations" VALUES(18,'admin','0002_logentry_remove_auto_add','2026-12-02 05:54:34.640758');
INSERT INTO "django_migrations" VALUES(19,'admin','0003_logentry_add_action_flag_choices','2026-12-02 05:54:34.654631');
INSERT INTO "django_migrations" VALUES(20,'references','0001_initial','2026-12-02 05:54:34.684397');
INSERT INTO "django_migrations" VALUES(21,'articles','0002_initial','2026-12-02 05:54:35.358505');
INSERT INTO "django_migrations" VALUES(22,'articles','0003_review_schedule_and_version','2026-12-02 05:54:35.854391');
INSERT INTO "django_migrations" VALUES(23,'references','0002_kinds_retractions','2026-12-02 05:54:37.055139');
INSERT INTO "django_migrations" VALUES(24,'editorial','0002_roles','2026-12-02 05:54:37.158281');
INSERT INTO "django_migrations" VALUES(25,'references','0003_retraction_permissions','2026-12-02 05:54:37.206736');
INSERT INTO "django_migrations" VALUES(26,'articles','0004_topics','2026-12-02 05:54:37.426880');
INSERT INTO "django_migrations" VALUES(27,'articles','0005_revision_search_vector','2026-12-02 05:54:37.574942');
INSERT INTO "django_migrations" VALUES(28,'articles','0006_latest_first_indexes','2026-12-02 05:54:37.714956');
INSERT INTO "django_migrations" VALUES(29,'axes','0001_initial','2026-12-02 05:54:37.735611');
INSERT INTO "django_migrations" VALUES(30,'axes','0002_auto_20151217_2044','2026-12-02 05:54:38.248770');
INSERT INTO "django_migrations" VALUES(31,'axes','0003_auto_20160322_0929','2026-12-02 05:54:38.277396');
INSERT INTO "django_migrations" VALUES(32,'axes','0004_auto_20181024_1538','2026-12-02 05:54:38.313646');
INSERT INTO "django_migrations" VALUES(33,'axes','0005_remove_accessattempt_trusted','2026-12-02 05:54:38.330537');
INSERT INTO "django_migrations" VALUES(34,'axes','0006_remove_accesslog_trusted','2026-12-02 05:54:38.352733');
INSERT INTO "django_migrations" VALUES(35,'axes','0007_alter_accessattempt_unique_together','2026-12-02 05:54:38.430988');
INSERT INTO "django_migrations" VALUES(36,'axes','0008_accessfailurelog','2026-12-02 05:54:38.447394');
INSERT INTO "django_migrations" VALUES(37,'axes','0009_add_session_hash','2026-12-02 05:54:38.483972');
INSERT INTO "django_migrations" VALUES(38,'axes','0010_accessattemptexpiration','2026-12-02 05:54:38.499061');
INSERT INTO "django_migrations" VALUES(39,'django_tasks_database','0001_initial','2026-12-02 05:54:38.509297');
INSERT INTO "django_migrations" VALUES(40,'django_tasks_database','0002_alter_dbtaskresult_options','2026-12-02 05:54:38.521108');
INSERT INTO "django_migrations" VALUES(41,'django_tasks_database','0003_dbtaskresult_enqueued_at_dbtaskresult_finished_at','2026-12-02 05:54:38.558983');
INSERT INTO "django_migrations" VALUES(42,'django_tasks_database','0004_dbtaskresult_started_at','2026-12-02 05:54:38.574342');
INSERT INTO "django_migrations" VALUES(43,'django_tasks_database','0005_alter_dbtaskresult_priority_and_more','2026-12-02 05:54:38.616450');
INSERT INTO "django_migrations" VALUES(44,'django_tasks_database','0006_alter_dbtaskresult_args_kwargs_and_more','2026-12-02 05:54:38.663598');
INSERT INTO "django_migrations" VALUES(45,'django_tasks_database','0007_add_separate_results_fields','2026-12-02 05:54:38.703319');
INSERT INTO "django_migrations" VALUES(46,'django_tasks_database','0008_separate_results_field','2026-12-02 05:54:38.760186');
INSERT INTO "django_migrations" VALUES(47,'django_tasks_database','0009_remove_results_field','2026-12-02 05:54:38.777679');
INSERT INTO "django_migrations" VALUES(48,'django_tasks_database','0010_alter_dbtaskresult_status','2026-12-02 05:54:38.791414');
INSERT INTO "django_migrations" VALUES(49,'django_tasks_database','0011_rename_complete_status','2026-12-02 05:54:38.831228');
INSERT INTO "django_migrations" VALUES(50,'django_tasks_database','0012_add_separate_exception_fields','2026-12-02 05:54:38.911645');
INSERT INTO "django_migrations" VALUES(51,'django_tasks_database','0013_separate_exception_fields','2026-12-02 05:54:39.026392');
INSERT INTO "django_migrations" VALUES(52,'django_tasks_database','0014_remove_dbtaskresult_exception_data','2026-12-02 05:54:39.056142');
INSERT INTO "django_migrations" VALUES(53,'django_tasks_database','0015_correctly_order_run_after','2026-12-02 05:54:39.078059');
INSERT INTO "django_migrations" VALUES(54,'django_tasks_database','0016_remove_dbtaskresult_django_task_new_ordering_idx_and_more','2026-12-02 05:54:39.248299');
INSERT INTO "django_migrations" VALUES(55,'django_tasks_database','0017_dbtaskresult_metadata','2026-12-02 05:54:39.274702');
INSERT INTO "django_migrations" VALUES(56,'django_tasks_database','0018_rename_succeeded_status','2026-12-02 05:54:39.375300');
INSERT INTO "django_migrations" VALUES(57,'django_tasks_database','0019_rename_django_task_new_ordering_idx_tasks_db_new_ordering_idx_and_more','2026-12-02 05:54:39.479129');
INSERT INTO "django_migrations" VALUES(58,'django_tasks_database','0020_update_db_task_result_ordering','2026-12-02 05:54:39.495090');
INSERT INTO "django_migrations" VALUES(59,'django_tasks_database','0021_conditional_partial_index_ordering','2026-12-02 05:54:39.512847');
INSERT INTO "django_migrations" VALUES(60,'editorial','0003_board_review','2026-12-02 05:54:40.181921');
INSERT INTO "django_migrations" VALUES(61,'editorial','0004_board_review_roles_and_letters','2026-12-02 05:54:40.491878');
INSERT INTO "django_migrations" VALUES(62,'editorial','0005_awaiting_my_review','2026-12-02 05:54:40.506011');
INSERT INTO "django_migrations" VALUES(63,'editorial','0006_queue_permissions','2026-12-02 05:54:40.619957');
INSERT INTO "django_migrations" VALUES(64,'editorial','0007_editorial_policy_versions','2026-12-02 05:54:40.842923');
INSERT INTO "django_migrations" VALUES(65,'editorial','0008_seed_editorial_policy','2026-12-02 05:54:41.121583');
INSERT INTO "django_migrations" VALUES(66,'editorial','0009_lapsed_invitations','2026-12-02 05:54:41.191821');
INSERT INTO "django_migrations" VALUES(67,'editorial','0010_outbox','2026-12-02 05:54:41.408708');
INSERT INTO "django_migrations" VALUES(68,'editorial','0011_specialties','2026-12-02 05:54:42.626522');
INSERT INTO "django_migrations" VALUES(69,'editorial','0012_claim_checks','2026-12-02 05:54:42.725704');
INSERT INTO "django_migrations" VALUES(70,'editorial','0013_scheduled_publication','2026-12-02 05:54:42.864130');
INSERT INTO "django_migrations" VALUES(71,'editorial','0014_disclosures','2026-12-02 05:54:43.317249');
INSERT INTO "django_migrations" VALUES(72,'editorial','0015_policy_periodic_review_notice','2026-12-02 05:54:43.472448');
INSERT INTO "django_migrations" VALUES(73,'editorial','0016_lockout_permissions','2026-12-02 05:54:43.579003');
INSERT INTO "django_migrations" VALUES(74,'sessions','0001_initial','2026-12-02 05:54:43.596978');
CREATE TABLE "django_session" ("session_key" varchar(40) NOT NULL PRIMARY KEY, "session_data" text NOT NULL, "expire_date" datetime NOT NULL);
CREATE TABLE "django_tasks_database_dbtaskresult" ("id" char(32) NOT NULL PRIMARY KEY, "args_kwargs" text NOT NULL CHECK ((JSON_VALID("args_kwargs") OR "args_kwargs" IS NULL)), "priority" integer NOT NULL, "task_path" text NOT NULL, "queue_name" varchar(32) NOT NULL, "backend_name" varchar(32) NOT NULL, "run_after" datetime NOT NULL, "enqueued_at" datetime NOT NULL, "finished_at" datetime NULL, "started_at" datetime NULL, "return_value" text NULL CHECK ((JSON_VALID("return_value") OR "return_value" IS NULL)), "exception_class_path" text NOT NULL, "traceback" text NOT NULL, "worker_ids" text NOT NULL CHECK ((JSON_VALID("worker_ids") OR "worker_ids" IS NULL)), "status" varchar(10) NOT NULL, CONSTRAINT "priority_range" CHECK ("priority" BETWEEN -100 AND 100));
CREATE TABLE "editorial_boardmember" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "display_name" varchar(200) NOT NULL, "credentials" varchar(100) NOT NULL, "specialty" varchar(200) NOT NULL, "bio" text NOT NULL, "active" bool NOT NULL, "user_id" bigint NOT NULL UNIQUE REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "editorial_boardmember" VALUES(1,'Dr. Priya Raman','MD, FAAP','Developmental-behavioral pediatrics','Developmental-behavioral pediatrician with a clinical focus on early relationships, adversity and resilience.',1,2);
INSERT INTO "editorial_boardmember" VALUES(2,'Dr. Daniel Okafor','MD, PhD','Adult psychiatry','Psychiatrist and psychotherapy researcher working on attachment in adult mental health care.',1,3);
CREATE TABLE "editorial_boardmember_specialties" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "boardmember_id" bigint NOT NULL REFERENCES "editorial_boardmember" ("id") DEFERRABLE INITIALLY DEFERRED, "specialty_id" bigint NOT NULL REFERENCES "editorial_specialty" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "editorial_boardmember_specialties" VALUES(1,1,1);
INSERT INTO "editorial_boardmember_specialties" VALUES(2,2,2);
INSERT INTO "editorial_boardmember_specialties" VALUES(3,2,3);
CREATE TABLE "editorial_claimcheck" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "fingerprint" varchar(64) NOT NULL, "claim" text NOT NULL, "verdict" varchar(20) NOT NULL, "comment" text NOT NULL, "review_id" bigint NOT NULL REFERENCES "editorial_review" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "one_verdict_per_claim_per_review" UNIQUE ("review_id", "fingerprint"));
INSERT INTO "editorial_claimcheck" VALUES(1,'1e3f9c9c4cfe8d081d908cbf6a7caf97868ada54c92722414d54176f17758416','To develop a secure attachment style as an adult, it is crucial to focus on self-awareness, emotional regulation, and building healthy relationships, as recent studies suggest that attachment remains malleable beyond infancy, even into adolescence and adulthood, to some extent. [1]','supported','',1);
INSERT INTO "editorial_claimcheck" VALUES(2,'fe53cf5a3885eea111457e61907e328555e4d68aa949eedacadd57d8254feb54','**Building healthy relationships:** Seeking therapy, particularly cognitive-behavioral therapy or psychodynamic approaches, can help address attachment wounds from childhood, and building a support network of consistent, trustworthy relationships where you can practice vulnerability gradually is vital. The importance of a secure attachment style is highlighted by its impact on mental health, with studies showing that less secure attachment styles are associated with increased symptoms of postpartum depression and other mental health issues. In terms of specific strategies for developing a secure attachment style, it is essential to: [1]','supported','',1);
INSERT INTO "editorial_claimcheck" VALUES(3,'0449ef30e917cb6fda845ac7c6b224c46643e5b6d921067cccd5d7403a33ab9b','Recognize that developing secure attachment takes time, as you are rewiring neural pathways formed early in life, but consistent practice of these skills can lead to more fulfilling relationships and improved emotional wellbeing, as supported by the concept of relational health care and the importance of forming and maintaining safe, stable, and nurturing relationships. [2]','supported','',1);
INSERT INTO "editorial_claimcheck" VALUES(4,'7f4a5d8050bc94fe799df412f100fca18b8fb501eedf5530533e7577e340f18f','A positive and supportive therapeutic relationship, which can provide a secure base for individuals to explore and process their attachment experiences [3]','supported','',1);
INSERT INTO "editorial_claimcheck" VALUES(5,'ab960f10983d1ba2777c949f761ee58862ef6afed82b52d88c223df523fa0f58','The ability to formulate and process relationship experiences in a healthy and constructive manner [3, 2]','supported','',1);
INSERT INTO "editorial_claimcheck" VALUES(6,'95370f421ddc6d2d02432bfbe08e86265c1d920afeec5024a16bed8fe4ca5c5a','The presence of self-compassion, which can mediate the relationship between attachment style and eudaimonic well-being [3]','supported','',1);
INSERT INTO "editorial_claimcheck" VALUES(7,'81260d265486d2876bed21dc7a4069ff090dc115e99c7cddde57da73edf8d26e','Experiences that foster personal confidence and secure mental models of the self, such as positive dependence and secure relationships [2]','supported','',1);
INSERT INTO "editorial_claimcheck" VALUES(8,'c07f1e5eb9ae2e7b6b6c84f9798522bdca0a71b10b904fa21cf55ae64f8eefd5','A therapist''s awareness of their own and their clients'' attachment experiences, and their ability to formulate and meet clients'' attachment needs [3]','supported','',1);
INSERT INTO "editorial_claimcheck" VALUES(9,'15723fd6a8631ed8e1e649aa1811c1760bc6b9af07dff0309c30b3ad682ec067','Attachment security is important for psychological well-being in adulthood, and is related to feelings of joy, comfort, and contentment throughout life. [3]','supported','',1);
INSERT INTO "editorial_claimcheck" VALUES(10,'ceca47f617eab53e6448ce430b23325816f2f47d022bf1aec427bd85aa0ec3dc','Secure attachment can facilitate an attitude of kindness and acceptance toward the self, and can enhance psychological and physical well-being. [3]','supported','',1);
INSERT INTO "editorial_claimcheck" VALUES(11,'1e3f9c9c4cfe8d081d908cbf6a7caf97868ada54c92722414d54176f17758416','To develop a secure attachment style as an adult, it is crucial to focus on self-awareness, emotional regulation, and building healthy relationships, as recent studies suggest that attachment remains malleable beyond infancy, even into adolescence and adulthood, to some extent. [1]','supported','',2);
INSERT INTO "editorial_claimcheck" VALUES(12,'fe53cf5a3885eea111457e61907e328555e4d68aa949eedacadd57d8254feb54','**Building healthy relationships:** Seeking therapy, particularly cognitive-behavioral therapy or psychodynamic approaches, can help address attachment wounds from childhood, and building a support network of consistent, trustworthy relationships where you can practice vulnerability gradually is vital. The importance of a secure attachment style is highlighted by its impact on mental health, with studies showing that less secure attachment styles are associated with increased symptoms of postpartum depression and other mental health issues. In terms of specific strategies for developing a secure attachment style, it is essential to: [1]','supported','',2);
INSERT INTO "editorial_claimcheck" VALUES(13,'0449ef30e917cb6fda845ac7c6b224c46643e5b6d921067cccd5d7403a33ab9b','Recognize that developing secure attachment takes time, as you are rewiring neural pathways formed early in life, but consistent practice of these skills can lead to more fulfilling relationships and improved emotional wellbeing, as supported by the concept of relational health care and the importance of forming and maintaining safe, stable, and nurturing relationships. [2]','supported','',2);
INSERT INTO "editorial_claimcheck" VALUES(14,'7f4a5d8050bc94fe799df412f100fca18b8fb501eedf5530533e7577e340f18f','A positive and supportive therapeutic relationship, which can provide a secure base for individuals to explore and process their attachment experiences [3]','supported','',2);
INSERT INTO "editorial_claimcheck" VALUES(15,'ab960f10983d1ba2777c949f761ee58862ef6afed82b52d88c223df523fa0f58','The ability to formulate and process relationship experiences in a healthy and constructive manner [3, 2]','supported','',2);
INSERT INTO "editorial_claimcheck" VALUES(16,'95370f421ddc6d2d02432bfbe08e86265c1d920afeec5024a16bed8fe4ca5c5a','The presence of self-compassion, which can mediate the relationship between attachment style and eudaimonic well-being [3]','supported','',2);
INSERT INTO "editorial_claimcheck" VALUES(17,'81260d265486d2876bed21dc7a4069ff090dc115e99c7cddde57da73edf8d26e','Experiences that foster personal confidence and secure mental models of the self, such as positive dependence and secure relationships [2]','supported','',2);
INSERT INTO "editorial_claimcheck" VALUES(18,'c07f1e5eb9ae2e7b6b6c84f9798522bdca0a71b10b904fa21cf55ae64f8eefd5','A therapist''s awareness of their own and their clients'' attachment experiences, and their ability to formulate and meet clients'' attachment needs [3]','supported','',2);
INSERT INTO "editorial_claimcheck" VALUES(19,'15723fd6a8631ed8e1e649aa1811c1760bc6b9af07dff0309c30b3ad682ec067','Attachment security is important for psychological well-being in adulthood, and is related to feelings of joy, comfort, and contentment throughout life. [3]','supported','',2);
INSERT INTO "editorial_claimcheck" VALUES(20,'ceca47f617eab53e6448ce430b23325816f2f47d022bf1aec427bd85aa0ec3dc','Secure attachment can facilitate an attitude of kindness and acceptance toward the self, and can enhance psychological and physical well-being. [3]','supported','',2);
INSERT INTO "editorial_claimcheck" VALUES(21,'1e3f9c9c4cfe8d081d908cbf6a7caf97868ada54c92722414d54176f17758416','To develop a secure attachment style as an adult, it is crucial to focus on self-awareness, emotional regulation, and building healthy relationships, as recent studies suggest that attachment remains malleable beyond infancy, even into adolescence and adulthood, to some extent. [1]','supported','',3);
INSERT INTO "editorial_claimcheck" VALUES(22,'fe53cf5a3885eea111457e61907e328555e4d68aa949eedacadd57d8254feb54','**Building healthy relationships:** Seeking therapy, particularly cognitive-behavioral therapy or psychodynamic approaches, can help address attachment wounds from childhood, and building a support network of consistent, trustworthy relationships where you can practice vulnerability gradually is vital. The importance of a secure attachment style is highlighted by its impact on mental health, with studies showing that less secure attachment styles are associated with increased symptoms of postpartum depression and other mental health issues. In terms of specific strategies for developing a secure attachment style, it is essential to: [1]','supported','',3);
INSERT INTO "editorial_claimcheck" VALUES(23,'0449ef30e917cb6fda845ac7c6b224c46643e5b6d921067cccd5d7403a33ab9b','Recognize that developing secure attachment takes time, as you are rewiring neural pathways formed early in life, but consistent practice of these skills can lead to more fulfilling relationships and improved emotional wellbeing, as supported by the concept of relational health care and the importance of forming and maintaining safe, stable, and nurturing relationships. [2]','supported','',3);
INSERT INTO "editorial_claimcheck" VALUES(24,'7f4a5d8050bc94fe799df412f100fca18b8fb501eedf5530533e7577e340f18f','A positive and supportive therapeutic relationship, which can provide a secure base for individuals to explore and process their attachment experiences [3]','supported','',3);
INSERT INTO "editorial_claimcheck" VALUES(25,'ab960f10983d1ba2777c949f761ee58862ef6afed82b52d88c223df523fa0f58','The ability to formulate and process relationship experiences in a healthy and constructive manner [3, 2]','supported','',3);
INSERT INTO "editorial_claimcheck" VALUES(26,'95370f421ddc6d2d02432bfbe08e86265c1d920afeec5024a16bed8fe4ca5c5a','The presence of self-compassion, which can mediate the relationship between attachment style and eudaimonic well-being [3]','supported','',3);
INSERT INTO "editorial_claimcheck" VALUES(27,'81260d265486d2876bed21dc7a4069ff090dc115e99c7cddde57da73edf8d26e','Experiences that foster personal confidence and secure mental models of the self, such as positive dependence and secure relationships [2]','supported','',3);
INSERT INTO "editorial_claimcheck" VALUES(28,'c07f1e5eb9ae2e7b6b6c84f9798522bdca0a71b10b904fa21cf55ae64f8eefd5','A therapist''s awareness of their own and their clients'' attachment experiences, and their ability to formulate and meet clients'' attachment needs [3]','supported','',3);
INSERT INTO "editorial_claimcheck" VALUES(29,'84922349b52ba73ab2e062d77bd57213475e9cbc4e6a0935e3ff4e9f25b5bf3d','Working with different attachment styles or patterns [3]','supported','',3);
INSERT INTO "editorial_claimcheck" VALUES(30,'15723fd6a8631ed8e1e649aa1811c1760bc6b9af07dff0309c30b3ad682ec067','Attachment security is important for psychological well-being in adulthood, and is related to feelings of joy, comfort, and contentment throughout life. [3]','supported','',3);
INSERT INTO "editorial_claimcheck" VALUES(31,'ceca47f617eab53e6448ce430b23325816f2f47d022bf1aec427bd85aa0ec3dc','Secure attachment can facilitate an attitude of kindness and acceptance toward the self, and can enhance psychological and physical well-being. [3]','supported','',3);
INSERT INTO "editorial_claimcheck" VALUES(32,'1e3f9c9c4cfe8d081d908cbf6a7caf97868ada54c92722414d54176f17758416','To develop a secure attachment style as an adult, it is crucial to focus on self-awareness, emotional regulation, and building healthy relationships, as recent studies suggest that attachment remains malleable beyond infancy, even into adolescence and adulthood, to some extent. [1]','supported','',4);
INSERT INTO "editorial_claimcheck" VALUES(33,'fe53cf5a3885eea111457e61907e328555e4d68aa949eedacadd57d8254feb54','**Building healthy relationships:** Seeking therapy, particularly cognitive-behavioral therapy or psychodynamic approaches, can help address attachment wounds from childhood, and building a support network of consistent, trustworthy relationships where you can practice vulnerability gradually is vital. The importance of a secure attachment style is highlighted by its impact on mental health, with studies showing that less secure attachment styles are associated with increased symptoms of postpartum depression and other mental health issues. In terms of specific strategies for developing a secure attachment style, it is essential to: [1]','supported','',4);
INSERT INTO "editorial_claimcheck" VALUES(34,'0449ef30e917cb6fda845ac7c6b224c46643e5b6d921067cccd5d7403a33ab9b','Recognize that developing secure attachment takes time, as you are rewiring neural pathways formed early in life, but consistent practice of these skills can lead to more fulfilling relationships and improved emotional wellbeing, as supported by the concept of relational health care and the importance of forming and maintaining safe, stable, and nurturing relationships. [2]','supported','',4);
INSERT INTO "editorial_claimcheck" VALUES(35,'7f4a5d8050bc94fe799df412f100fca18b8fb501eedf5530533e7577e340f18f','A positive and supportive therapeutic relationship, which can provide a secure base for individuals to explore and process their attachment experiences [3]','supported','',4);
INSERT INTO "editorial_claimcheck" VALUES(36,'ab960f10983d1ba2777c949f761ee58862ef6afed82b52d88c223df523fa0f58','The ability to formulate and process relationship experiences in a healthy and constructive manner [3, 2]','supported','',4);
INSERT INTO "editorial_claimcheck" VALUES(37,'95370f421ddc6d2d02432bfbe08e86265c1d920afeec5024a16bed8fe4ca5c5a','The presence of self-compassion, which can mediate the relationship between attachment style and eudaimonic well-being [3]','supported','',4);
INSERT INTO "editorial_claimcheck" VALUES(38,'81260d265486d2876bed21dc7a4069ff090dc115e99c7cddde57da73edf8d26e','Experiences that foster personal confidence and secure mental models of the self, such as positive dependence and secure relationships [2]','supported','',4);
INSERT INTO "editorial_claimcheck" VALUES(39,'c07f1e5eb9ae2e7b6b6c84f9798522bdca0a71b10b904fa21cf55ae64f8eefd5','A therapist''s awareness of their own and their clients'' attachment experiences, and their ability to formulate and meet clients'' attachment needs [3]','supported','',4);
INSERT INTO "editorial_claimcheck" VALUES(40,'84922349b52ba73ab2e062d77bd57213475e9cbc4e6a0935e3ff4e9f25b5bf3d','Working with different attachment styles or patterns [3]','supported','',4);
INSERT INTO "editorial_claimcheck" VALUES(41,'15723fd6a8631ed8e1e649aa1811c1760bc6b9af07dff0309c30b3ad682ec067','Attachment security is important for psychological well-being in adulthood, and is related to feelings of joy, comfort, and contentment throughout life. [3]','supported','',4);
INSERT INTO "editorial_claimcheck" VALUES(42,'ceca47f617eab53e6448ce430b23325816f2f47d022bf1aec427bd85aa0ec3dc','Secure attachment can facilitate an attitude of kindness and acceptance toward the self, and can enhance psychological and physical well-being. [3]','supported','',4);
INSERT INTO "editorial_claimcheck" VALUES(43,'2c950b803888eb2fe37937aedd878dfda7088e08c0bb9498cefc0805f68df584','Clinical guidance treats early relationships as formative but not fixed: safe, stable and nurturing relationships remain protective beyond early childhood. [1]','supported','',5);
INSERT INTO "editorial_claimcheck" VALUES(44,'e97db7304675c16cc39b135c5844af85ae42ad8ef4a3cf0052c1efd5f6543868','Working models of attachment can be revised across time, particularly through relationship situations that challenge insecure expectations and offer new, more secure experiences. [2]','supported','',5);
INSERT INTO "editorial_claimcheck" VALUES(45,'c8233acdef6289fa02403b1df5b9c0a519a09b045419e38455b94c622bed0345','Positive relational experiences are associated with greater security and well-being in adults. [3]','supported','',5);
INSERT INTO "editorial_claimcheck" VALUES(46,'2c950b803888eb2fe37937aedd878dfda7088e08c0bb9498cefc0805f68df584','Clinical guidance treats early relationships as formative but not fixed: safe, stable and nurturing relationships remain protective beyond early childhood. [1]','supported','',6);
INSERT INTO "editorial_claimcheck" VALUES(47,'e97db7304675c16cc39b135c5844af85ae42ad8ef4a3cf0052c1efd5f6543868','Working models of attachment can be revised across time, particularly through relationship situations that challenge insecure expectations and offer new, more secure experiences. [2]','supported','',6);
INSERT INTO "editorial_claimcheck" VALUES(48,'c8233acdef6289fa02403b1df5b9c0a519a09b045419e38455b94c622bed0345','Positive relational experiences are associated with greater security and well-being in adults. [3]','supported','',6);
INSERT INTO "editorial_claimcheck" VALUES(49,'e285d6f4273e69cb75548d9d87ebe2af87543e6d8b7118e43bbc27f6aa6106a4','Guidance on relational health emphasizes supportive relationships as a foundation for well-being. [1]','supported','',7);
INSERT INTO "editorial_claimcheck" VALUES(50,'afc66f9dc3b09824f968a85392f9fc1eb0e1b9dfb29e4bb8467cdf2fda1d2a98','Secure attachment is associated with a kinder, more accepting attitude toward the self. [2]','supported','',7);
INSERT INTO "editorial_claimcheck" VALUES(51,'bf5a648e6859e75e5d95a729a1ca8fe1363e016adf5ae4ac68e6ea165f815cf1','Attachment style determines whether psychotherapy succeeds. [1]','supported','',8);
INSERT INTO "editorial_claimcheck" VALUES(52,'356c35f555ee050de26166fa094862ffa4ef1f74228c5716c6362ce47992955b','Safe, stable, and nurturing relationships buffer children from the effects of adversity and are central to trauma-informed care. [1]','supported','',9);
INSERT INTO "editorial_claimcheck" VALUES(53,'76eaae52c8e761e6ee93acb3300b4a0eaa03ceec1c65fb746c2203c2b451ab30','Secure relationships later in life can also strengthen attachment security. [2]','supported','',9);
INSERT INTO "editorial_claimcheck" VALUES(54,'356c35f555ee050de26166fa094862ffa4ef1f74228c5716c6362ce47992955b','Safe, stable, and nurturing relationships buffer children from the effects of adversity and are central to trauma-informed care. [1]','supported','',10);
INSERT INTO "editorial_claimcheck" VALUES(55,'76eaae52c8e761e6ee93acb3300b4a0eaa03ceec1c65fb746c2203c2b451ab30','Secure relationships later in life can also strengthen attachment security. [2]','supported','',10);
CREATE TABLE "editorial_decisionlettertemplate" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "outcome" varchar(20) NOT NULL UNIQUE, "body" text NOT NULL);
INSERT INTO "editorial_decisionlettertemplate" VALUES(1,'approved','Dear $author,

The Medical Advisory Board has approved “$title”. The approved revision is now what readers see.

$reviews

With thanks,
$editor
$publisher');
INSERT INTO "editorial_decisionlettertemplate" VALUES(2,'changes_requested','Dear $author,

The Medical Advisory Board has reviewed “$title” and asks for changes before it can be approved. The reviewers'' comments follow.

$reviews

Please revise the article and resubmit it; the same reviewers will look at the new version.

With thanks,
$editor
$publisher');
INSERT INTO "editorial_decisionlettertemplate" VALUES(3,'rejected','Dear $author,

The Medical Advisory Board has reviewed “$title” and cannot approve it. The reviewers'' comments follow.

$reviews

With regret,
$editor
$publisher');
CREATE TABLE "editorial_editorialpolicy" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "version" integer unsigned NOT NULL UNIQUE CHECK ("version" >= 0), "effective_date" date NOT NULL, "body" text NOT NULL, "disclaimer" text NOT NULL, "disclaimer_version" integer unsigned NOT NULL CHECK ("disclaimer_version" >= 0), "change_note" varchar(300) NOT NULL, "created_at" datetime NOT NULL, "created_by_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "editorial_editorialpolicy" VALUES(1,1,'2024-01-01','Every article on this site answers one clinical question for healthcare professionals. None is published until a member of our Medical Advisory Board has reviewed and approved it, and what you read is always the exact text the board approved.

## How articles are written

Authors draft each article in two parts: what current clinical guidelines say (“From the Guidelines”) and what the research literature adds (“From the Research”). Every claim that rests on a source carries a numbered citation, and every citation leads to an entry in the article''s reference list, labelled as a guideline or as research, with its title, journal or issuing body and year. An article cannot be submitted while any citation points nowhere or while it cites no source at all.

## How articles are reviewed

When an author submits an article, its text and references are frozen as a revision: the board reviews exactly that revision, and later edits cannot slip into it. An editor starts the review. Board members and editors may send the article back with requested changes or decline it, and either way they must say why. Nobody reviews or approves an article they wrote.

## How articles are approved and published

Board members invited to review an article first declare any conflict of interest, then each submits a structured review with a recommendation. A member of the Medical Advisory Board who is not one of its authors approves the revision, or an editor does, and only once a quorum of approving reviews from board members (two by default) has been reached, no reviewer''s conflict of interest is left unresolved, and every recommendation to reject has been addressed by an editor. Only then does the revision appear on the site, with the date of approval shown as “Last updated” and the names of the board members who reviewed it. Drafts, submissions and articles in review are never shown to readers.

## How articles are updated and corrected

To correct or update a published article, its author or an editor starts a new revision. The new revision goes through the same review; until the board approves it, readers keep seeing the last approved version. Each approved update is listed in the article''s change log. An editor may archive an article that should no longer be relied on: it then leaves the site, while its full history is kept.

## How articles stay current

Every published article is re-reviewed by the board periodically (every twelve months by default). The date of the last review is shown on the article as “Last reviewed”; when the next review is due, an editor starts a periodic re-review, and readers keep seeing the approved version until the board has completed it.

## What we record

Every step of the review is recorded with who took it, when, from which state to which, and the reviewer''s comment; every change to an article, its sections, its references and the board''s membership is kept in its history. That record cannot be edited or rolled back.
','This information is intended for healthcare professionals. Any medical decision-making should rely on clinical judgment and independently verified information. The content provided herein does not replace professional discretion and should be considered supplementary to established clinical guidelines. Healthcare providers should verify all information against primary literature and current practice standards before application in patient care. $publisher assumes no liability for clinical decisions based on this content.',1,'First version, as published on the site.','2026-12-02 05:54:40.953247',NULL);
INSERT INTO "editorial_editorialpolicy" VALUES(2,2,'2026-12-02','Every article on this site answers one clinical question for healthcare professionals. None is published until a member of our Medical Advisory Board has reviewed and approved it, and what you read is always the exact text the board approved.

## How articles are written

Authors draft each article in two parts: what current clinical guidelines say (“From the Guidelines”) and what the research literature adds (“From the Research”). Every claim that rests on a source carries a numbered citation, and every citation leads to an entry in the article''s reference list, labelled as a guideline or as research, with its title, journal or issuing body and year. An article cannot be submitted while any citation points nowhere or while it cites no source at all.

## How articles are reviewed

When an author submits an article, its text and references are frozen as a revision: the board reviews exactly that revision, and later edits cannot slip into it. An editor starts the review. Board members and editors may send the article back with requested changes or decline it, and either way they must say why. Nobody reviews or approves an article they wrote.

## How articles are approved and published

Board members invited to review an article first declare any conflict of interest, then each submits a structured review with a recommendation. A member of the Medical Advisory Board who is not one of its authors approves the revision, or an editor does, and only once a quorum of approving reviews from board members (two by default) has been reached, no reviewer''s conflict of interest is left unresolved, and every recommendation to reject has been addressed by an editor. Only then does the revision appear on the site, with the date of approval shown as “Last updated” and the names of the board members who reviewed it. Drafts, submissions and articles in review are never shown to readers.

## How articles are updated and corrected

To correct or update a published article, its author or an editor starts a new revision. The new revision goes through the same review; until the board approves it, readers keep seeing the last approved version. Each approved update is listed in the article''s change log. An editor may archive an article that should no longer be relied on: it then leaves the site, while its full history is kept.

## How articles stay current

Every published article is re-reviewed by the board periodically (every twelve months by default). The date of the last review is shown on the article as “Last reviewed”. When the next review is due, an editor starts a periodic re-review; while it is in progress, the article says that it is being re-reviewed, and readers keep seeing the approved version until the board has completed it. If the date passes before the re-review has started, the article says so: it shows the date the review was due and that you are reading the version the board last approved. An article never says that a review is in progress when none is.

## What we record

Every step of the review is recorded with who took it, when, from which state to which, and the reviewer''s comment; every change to an article, its sections, its references and the board''s membership is kept in its history. That record cannot be edited or rolled back.
','This information is intended for healthcare professionals. Any medical decision-making should rely on clinical judgment and independently verified information. The content provided herein does not replace professional discretion and should be considered supplementary to established clinical guidelines. Healthcare providers should verify all information against primary literature and current practice standards before application in patient care. $publisher assumes no liability for clinical decisions based on this content.',1,'Say what an article shows about its periodic re-review: in progress, or due and not yet started.','2026-12-02 05:54:43.466259',NULL);
CREATE TABLE "editorial_historicalboardmember" ("id" bigint NOT NULL, "display_name" varchar(200) NOT NULL, "credentials" varchar(100) NOT NULL, "specialty" varchar(200) NOT NULL, "bio" text NOT NULL, "active" bool NOT NULL, "history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "history_date" datetime NOT NULL, "history_change_reason" varchar(100) NULL, "history_type" varchar(1) NOT NULL, "history_user_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" bigint NULL);
INSERT INTO "editorial_historicalboardmember" VALUES(1,'Dr. Priya Raman','MD, FAAP','Developmental-behavioral pediatrics','Developmental-behavioral pediatrician with a clinical focus on early relationships, adversity and resilience.',1,1,'2026-12-02 05:54:47.621406',NULL,'+',2,2);
INSERT INTO "editorial_historicalboardmember" VALUES(1,'Dr. Priya Raman','MD, FAAP','Developmental-behavioral pediatrics','Developmental-behavioral pediatrician with a clinical focus on early relationships, adversity and resilience.',1,2,'2026-12-02 05:54:47.644364',NULL,'~',2,2);
INSERT INTO "editorial_historicalboardmember" VALUES(2,'Dr. Daniel Okafor','MD, PhD','Adult psychiatry','Psychiatrist and psychotherapy researcher working on attachment in adult mental health care.',1,3,'2026-12-02 05:54:47.988577',NULL,'+',3,3);
INSERT INTO "editorial_historicalboardmember" VALUES(2,'Dr. Daniel Okafor','MD, PhD','Adult psychiatry','Psychiatrist and psychotherapy researcher working on attachment in adult mental health care.',1,4,'2026-12-02 05:54:47.993246',NULL,'~',3,3);
CREATE TABLE "editorial_historicalboardmember_specialties" ("id" bigint NOT NULL, "m2m_history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "boardmember_id" bigint NULL, "history_id" integer NOT NULL, "specialty_id" bigint NULL);
INSERT INTO "editorial_historicalboardmember_specialties" VALUES(1,1,1,2,1);
INSERT INTO "editorial_historicalboardmember_specialties" VALUES(2,2,2,4,2);
INSERT INTO "editorial_historicalboardmember_specialties" VALUES(3,3,2,4,3);
CREATE TABLE "editorial_historicaldecisionlettertemplate" ("id" bigint NOT NULL, "outcome" varchar(20) NOT NULL, "body" text NOT NULL, "history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "history_date" datetime NOT NULL, "history_change_reason" varchar(100) NULL, "history_type" varchar(1) NOT NULL, "history_user_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "editorial_historicaleditorialpolicy" ("id" bigint NOT NULL, "version" integer unsigned NOT NULL CHECK ("version" >= 0), "effective_date" date NOT NULL, "body" text NOT NULL, "disclaimer" text NOT NULL, "disclaimer_version" integer unsigned NOT NULL CHECK ("disclaimer_version" >= 0), "change_note" varchar(300) NOT NULL, "created_at" datetime NOT NULL, "history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "history_date" datetime NOT NULL, "history_change_reason" varchar(100) NULL, "history_type" varchar(1) NOT NULL, "created_by_id" bigint NULL, "history_user_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "editorial_historicalreviewinvitation" ("id" bigint NOT NULL, "invited_at" datetime NOT NULL, "due_date" date NOT NULL, "status" varchar(20) NOT NULL, "responded_at" datetime NULL, "decline_reason" text NOT NULL, "conflict" varchar(10) NOT NULL, "conflict_description" text NOT NULL, "conflict_declared_at" datetime NULL, "last_reminder" varchar(10) NOT NULL, "last_reminder_at" datetime NULL, "history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "history_date" datetime NOT NULL, "history_change_reason" varchar(100) NULL, "history_type" varchar(1) NOT NULL, "history_user_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "invited_by_id" bigint NULL, "reviewer_id" bigint NULL, "replaced_by_id" bigint NULL, "round_id" bigint NULL, "interests" text NOT NULL, "public_disclosure" varchar(500) NOT NULL);
INSERT INTO "editorial_historicalreviewinvitation" VALUES(1,'2025-02-04 09:10:00','2025-02-18','invited',NULL,'','','',NULL,'',NULL,1,'2025-02-04 09:10:00','Invited','+',4,4,1,NULL,1,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(2,'2025-02-04 09:10:00','2025-02-18','invited',NULL,'','','',NULL,'',NULL,2,'2025-02-04 09:10:00','Invited','+',4,4,2,NULL,1,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(1,'2025-02-04 09:10:00','2025-02-18','accepted','2025-02-04 12:00:00','','','',NULL,'',NULL,3,'2025-02-04 12:00:00','Accepted','~',2,4,1,NULL,1,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(1,'2025-02-04 09:10:00','2025-02-18','accepted','2025-02-04 12:00:00','','none','','2025-02-04 12:00:00','',NULL,4,'2025-02-04 12:00:00','No conflict of interest','~',2,4,1,NULL,1,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(2,'2025-02-04 09:10:00','2025-02-18','accepted','2025-02-05 08:30:00','','','',NULL,'',NULL,5,'2025-02-05 08:30:00','Accepted','~',3,4,2,NULL,1,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(2,'2025-02-04 09:10:00','2025-02-18','accepted','2025-02-05 08:30:00','','none','','2025-02-05 08:30:00','',NULL,6,'2025-02-05 08:30:00','No conflict of interest','~',3,4,2,NULL,1,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(1,'2025-02-04 09:10:00','2025-02-18','reviewed','2025-02-04 12:00:00','','none','','2025-02-04 12:00:00','',NULL,7,'2025-02-07 17:00:00','Reviewed: Minor changes','~',2,4,1,NULL,1,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(2,'2025-02-04 09:10:00','2025-02-18','reviewed','2025-02-05 08:30:00','','none','','2025-02-05 08:30:00','',NULL,8,'2025-02-10 14:00:00','Reviewed: Major changes','~',3,4,2,NULL,1,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(3,'2025-02-18 08:45:00','2025-03-04','invited',NULL,'','','',NULL,'',NULL,9,'2025-02-18 08:45:00','Invited','+',4,4,1,NULL,2,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(4,'2025-02-18 08:45:00','2025-03-04','invited',NULL,'','','',NULL,'',NULL,10,'2025-02-18 08:45:00','Invited','+',4,4,2,NULL,2,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(3,'2025-02-18 08:45:00','2025-03-04','accepted','2025-02-18 10:00:00','','','',NULL,'',NULL,11,'2025-02-18 10:00:00','Accepted','~',2,4,1,NULL,2,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(3,'2025-02-18 08:45:00','2025-03-04','accepted','2025-02-18 10:00:00','','none','','2025-02-18 10:00:00','',NULL,12,'2025-02-18 10:00:00','No conflict of interest','~',2,4,1,NULL,2,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(4,'2025-02-18 08:45:00','2025-03-04','accepted','2025-02-19 09:00:00','','','',NULL,'',NULL,13,'2025-02-19 09:00:00','Accepted','~',3,4,2,NULL,2,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(4,'2025-02-18 08:45:00','2025-03-04','accepted','2025-02-19 09:00:00','','none','','2025-02-19 09:00:00','',NULL,14,'2025-02-19 09:00:00','No conflict of interest','~',3,4,2,NULL,2,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(4,'2025-02-18 08:45:00','2025-03-04','reviewed','2025-02-19 09:00:00','','none','','2025-02-19 09:00:00','',NULL,15,'2025-02-21 16:00:00','Reviewed: Approve','~',3,4,2,NULL,2,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(3,'2025-02-18 08:45:00','2025-03-04','reviewed','2025-02-18 10:00:00','','none','','2025-02-18 10:00:00','',NULL,16,'2025-02-24 11:30:00','Reviewed: Approve','~',2,4,1,NULL,2,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(5,'2025-03-07 10:00:00','2025-03-21','invited',NULL,'','','',NULL,'',NULL,17,'2025-03-07 10:00:00','Invited','+',4,4,1,NULL,3,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(5,'2025-03-07 10:00:00','2025-03-21','accepted','2025-03-07 10:00:00','','','',NULL,'',NULL,18,'2025-03-07 10:00:00','Accepted','~',2,4,1,NULL,3,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(5,'2025-03-07 10:00:00','2025-03-21','accepted','2025-03-07 10:00:00','','none','','2025-03-07 10:00:00','',NULL,19,'2025-03-07 10:00:00','No conflict of interest','~',2,4,1,NULL,3,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(5,'2025-03-07 10:00:00','2025-03-21','reviewed','2025-03-07 10:00:00','','none','','2025-03-07 10:00:00','',NULL,20,'2025-03-07 10:00:00','Reviewed: Approve','~',2,4,1,NULL,3,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(6,'2025-03-07 10:00:00','2025-03-21','invited',NULL,'','','',NULL,'',NULL,21,'2025-03-07 10:00:00','Invited','+',4,4,2,NULL,3,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(6,'2025-03-07 10:00:00','2025-03-21','accepted','2025-03-07 10:00:00','','','',NULL,'',NULL,22,'2025-03-07 10:00:00','Accepted','~',3,4,2,NULL,3,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(6,'2025-03-07 10:00:00','2025-03-21','accepted','2025-03-07 10:00:00','','none','','2025-03-07 10:00:00','',NULL,23,'2025-03-07 10:00:00','No conflict of interest','~',3,4,2,NULL,3,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(6,'2025-03-07 10:00:00','2025-03-21','reviewed','2025-03-07 10:00:00','','none','','2025-03-07 10:00:00','',NULL,24,'2025-03-07 10:00:00','Reviewed: Approve','~',3,4,2,NULL,3,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(7,'2025-11-02 10:00:00','2025-11-16','invited',NULL,'','','',NULL,'',NULL,25,'2025-11-02 10:00:00','Invited','+',4,4,1,NULL,4,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(8,'2025-11-02 10:00:00','2025-11-16','invited',NULL,'','','',NULL,'',NULL,26,'2025-11-02 10:00:00','Invited','+',4,4,2,NULL,4,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(7,'2025-11-02 10:00:00','2025-11-16','accepted','2025-11-03 10:00:00','','','',NULL,'',NULL,27,'2025-11-03 10:00:00','Accepted','~',2,4,1,NULL,4,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(7,'2025-11-02 10:00:00','2025-11-16','accepted','2025-11-03 10:00:00','','none','','2025-11-03 10:00:00','',NULL,28,'2025-11-03 10:00:00','No conflict of interest','~',2,4,1,NULL,4,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(9,'2025-09-19 10:00:00','2025-10-03','invited',NULL,'','','',NULL,'',NULL,29,'2025-09-19 10:00:00','Invited','+',4,4,1,NULL,5,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(9,'2025-09-19 10:00:00','2025-10-03','accepted','2025-09-19 10:00:00','','','',NULL,'',NULL,30,'2025-09-19 10:00:00','Accepted','~',2,4,1,NULL,5,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(9,'2025-09-19 10:00:00','2025-10-03','accepted','2025-09-19 10:00:00','','none','','2025-09-19 10:00:00','',NULL,31,'2025-09-19 10:00:00','No conflict of interest','~',2,4,1,NULL,5,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(9,'2025-09-19 10:00:00','2025-10-03','reviewed','2025-09-19 10:00:00','','none','','2025-09-19 10:00:00','',NULL,32,'2025-09-19 10:00:00','Reviewed: Major changes','~',2,4,1,NULL,5,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(10,'2025-06-12 10:00:00','2025-06-26','invited',NULL,'','','',NULL,'',NULL,33,'2025-06-12 10:00:00','Invited','+',4,4,2,NULL,6,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(10,'2025-06-12 10:00:00','2025-06-26','accepted','2025-06-12 10:00:00','','','',NULL,'',NULL,34,'2025-06-12 10:00:00','Accepted','~',3,4,2,NULL,6,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(10,'2025-06-12 10:00:00','2025-06-26','accepted','2025-06-12 10:00:00','','none','','2025-06-12 10:00:00','',NULL,35,'2025-06-12 10:00:00','No conflict of interest','~',3,4,2,NULL,6,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(10,'2025-06-12 10:00:00','2025-06-26','reviewed','2025-06-12 10:00:00','','none','','2025-06-12 10:00:00','',NULL,36,'2025-06-12 10:00:00','Reviewed: Reject','~',3,4,2,NULL,6,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(11,'2024-04-13 10:00:00','2024-04-27','invited',NULL,'','','',NULL,'',NULL,37,'2024-04-13 10:00:00','Invited','+',4,4,1,NULL,7,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(11,'2024-04-13 10:00:00','2024-04-27','accepted','2024-04-13 10:00:00','','','',NULL,'',NULL,38,'2024-04-13 10:00:00','Accepted','~',2,4,1,NULL,7,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(11,'2024-04-13 10:00:00','2024-04-27','accepted','2024-04-13 10:00:00','','none','','2024-04-13 10:00:00','',NULL,39,'2024-04-13 10:00:00','No conflict of interest','~',2,4,1,NULL,7,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(11,'2024-04-13 10:00:00','2024-04-27','reviewed','2024-04-13 10:00:00','','none','','2024-04-13 10:00:00','',NULL,40,'2024-04-13 10:00:00','Reviewed: Approve','~',2,4,1,NULL,7,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(12,'2024-04-13 10:00:00','2024-04-27','invited',NULL,'','','',NULL,'',NULL,41,'2024-04-13 10:00:00','Invited','+',4,4,2,NULL,7,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(12,'2024-04-13 10:00:00','2024-04-27','accepted','2024-04-13 10:00:00','','','',NULL,'',NULL,42,'2024-04-13 10:00:00','Accepted','~',3,4,2,NULL,7,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(12,'2024-04-13 10:00:00','2024-04-27','accepted','2024-04-13 10:00:00','','none','','2024-04-13 10:00:00','',NULL,43,'2024-04-13 10:00:00','No conflict of interest','~',3,4,2,NULL,7,'','');
INSERT INTO "editorial_historicalreviewinvitation" VALUES(12,'2024-04-13 10:00:00','2024-04-27','reviewed','2024-04-13 10:00:00','','none','','2024-04-13 10:00:00','',NULL,44,'2024-04-13 10:00:00','Reviewed: Approve','~',3,4,2,NULL,7,'','');
CREATE TABLE "editorial_historicalscheduledpublication" ("id" bigint NOT NULL, "publish_at" datetime NOT NULL, "created_at" datetime NOT NULL, "published_at" datetime NULL, "cancelled_at" datetime NULL, "history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "history_date" datetime NOT NULL, "history_change_reason" varchar(100) NULL, "history_type" varchar(1) NOT NULL, "approved_by_id" bigint NULL, "article_id" bigint NULL, "cancelled_by_id" bigint NULL, "history_user_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "revision_id" bigint NULL);
INSERT INTO "editorial_historicalscheduledpublication" VALUES(1,'2026-12-05 05:55:08.405922','2026-12-02 05:55:08.405991',NULL,NULL,1,'2026-12-02 05:55:08.408057','Scheduled','+',4,1,NULL,4,2);
INSERT INTO "editorial_historicalscheduledpublication" VALUES(1,'2026-12-05 05:55:08.405922','2026-12-02 05:55:08.405991',NULL,'2026-12-02 05:55:08.410301',2,'2026-12-02 05:55:08.412473','Cancelled','~',4,1,4,4,2);
CREATE TABLE "editorial_historicalspecialty" ("id" bigint NOT NULL, "name" varchar(100) NOT NULL, "history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "history_date" datetime NOT NULL, "history_change_reason" varchar(100) NULL, "history_type" varchar(1) NOT NULL, "history_user_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "editorial_historicalspecialty" VALUES(1,'Pediatrics',1,'2026-12-02 05:54:47.633774',NULL,'+',NULL);
INSERT INTO "editorial_historicalspecialty" VALUES(2,'Psychiatry',2,'2026-12-02 05:54:47.990311',NULL,'+',NULL);
INSERT INTO "editorial_historicalspecialty" VALUES(3,'Psychotherapy',3,'2026-12-02 05:54:47.991411',NULL,'+',NULL);
INSERT INTO "editorial_historicalspecialty" VALUES(1,'Pediatrics',4,'2026-12-02 05:54:49.389545',NULL,'~',NULL);
INSERT INTO "editorial_historicalspecialty" VALUES(2,'Psychiatry',5,'2026-12-02 05:54:49.392478',NULL,'~',NULL);
INSERT INTO "editorial_historicalspecialty" VALUES(3,'Psychotherapy',6,'2026-12-02 05:54:49.394862',NULL,'~',NULL);
CREATE TABLE "editorial_historicalspecialty_topics" ("id" bigint NOT NULL, "m2m_history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "history_id" integer NOT NULL, "topic_id" bigint NULL, "specialty_id" bigint NULL);
INSERT INTO "editorial_historicalspecialty_topics" VALUES(1,1,4,1,1);
INSERT INTO "editorial_historicalspecialty_topics" VALUES(2,2,4,3,1);
INSERT INTO "editorial_historicalspecialty_topics" VALUES(3,3,5,1,2);
INSERT INTO "editorial_historicalspecialty_topics" VALUES(4,4,5,2,2);
INSERT INTO "editorial_historicalspecialty_topics" VALUES(5,5,6,2,3);
CREATE TABLE "editorial_outboundemail" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "to" varchar(254) NOT NULL, "subject" varchar(300) NOT NULL, "body" text NOT NULL, "reason" varchar(100) NOT NULL, "status" varchar(10) NOT NULL, "attempts" smallint unsigned NOT NULL CHECK ("attempts" >= 0), "last_error" text NOT NULL, "created_at" datetime NOT NULL, "last_attempt_at" datetime NULL, "next_attempt_at" datetime NULL, "sent_at" datetime NULL);
CREATE TABLE "editorial_rereviewnotice" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "due_date" date NOT NULL, "flagged_at" datetime NOT NULL, "article_id" bigint NOT NULL REFERENCES "articles_article" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "one_notice_per_due_date" UNIQUE ("article_id", "due_date"));
CREATE TABLE "editorial_review" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "recommendation" varchar(10) NOT NULL, "claims_supported" varchar(3) NOT NULL, "guidelines_current" varchar(3) NOT NULL, "safety_accurate" varchar(3) NOT NULL, "language_suitable" varchar(3) NOT NULL, "comments_for_author" text NOT NULL, "confidential_comments" text NOT NULL, "submitted_at" datetime NOT NULL, "addressed_at" datetime NULL, "addressed_note" text NOT NULL, "addressed_by_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "invitation_id" bigint NOT NULL UNIQUE REFERENCES "editorial_reviewinvitation" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "editorial_review" VALUES(1,'minor','yes','yes','n/a','yes','The guideline section reads well and its claims match the AAP report. In the research section, keep each claim tied to the cited work.','','2025-02-07 17:00:00',NULL,'',NULL,1);
INSERT INTO "editorial_review" VALUES(2,'major','yes','yes','n/a','yes','The research section says attachment-informed therapy works on several themes but does not name them. Please list the key themes the cited work identifies.','Sound article otherwise; one more round should do.','2025-02-10 14:00:00',NULL,'',NULL,2);
INSERT INTO "editorial_review" VALUES(3,'approve','yes','yes','n/a','yes','The key themes are now listed with their source. Thank you.','','2025-02-21 16:00:00',NULL,'',NULL,4);
INSERT INTO "editorial_review" VALUES(4,'approve','yes','yes','n/a','yes','Claims are supported by the cited sources and the wording suits a professional audience.','','2025-02-24 11:30:00',NULL,'',NULL,3);
INSERT INTO "editorial_review" VALUES(5,'approve','yes','yes','n/a','yes','Accurate and well sourced.','','2025-03-07 10:00:00',NULL,'',NULL,5);
INSERT INTO "editorial_review" VALUES(6,'approve','yes','yes','n/a','yes','Claims match the cited sources.','','2025-03-07 10:00:00',NULL,'',NULL,6);
INSERT INTO "editorial_review" VALUES(7,'major','yes','yes','n/a','yes','The guideline section applies a pediatric report to adults.','','2025-09-19 10:00:00',NULL,'',NULL,9);
INSERT INTO "editorial_review" VALUES(8,'reject','yes','yes','n/a','yes','The central claim is causal and absolute; the source does not support it.','','2025-06-12 10:00:00',NULL,'',NULL,10);
INSERT INTO "editorial_review" VALUES(9,'approve','yes','yes','n/a','yes','Accurate and well sourced.','','2024-04-13 10:00:00',NULL,'',NULL,11);
INSERT INTO "editorial_review" VALUES(10,'approve','yes','yes','n/a','yes','Claims match the cited sources.','','2024-04-13 10:00:00',NULL,'',NULL,12);
CREATE TABLE "editorial_reviewinvitation" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "invited_at" datetime NOT NULL, "due_date" date NOT NULL, "status" varchar(20) NOT NULL, "responded_at" datetime NULL, "decline_reason" text NOT NULL, "conflict" varchar(10) NOT NULL, "conflict_description" text NOT NULL, "conflict_declared_at" datetime NULL, "last_reminder" varchar(10) NOT NULL, "last_reminder_at" datetime NULL, "invited_by_id" bigint NOT NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "reviewer_id" bigint NOT NULL REFERENCES "editorial_boardmember" ("id") DEFERRABLE INITIALLY DEFERRED, "round_id" bigint NOT NULL REFERENCES "editorial_reviewround" ("id") DEFERRABLE INITIALLY DEFERRED, "interests" text NOT NULL, "public_disclosure" varchar(500) NOT NULL, "replaced_by_id" bigint NULL UNIQUE REFERENCES "editorial_reviewinvitation" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "editorial_reviewinvitation" VALUES(1,'2025-02-04 09:10:00','2025-02-18','reviewed','2025-02-04 12:00:00','','none','','2025-02-04 12:00:00','',NULL,4,1,1,'','',NULL);
INSERT INTO "editorial_reviewinvitation" VALUES(2,'2025-02-04 09:10:00','2025-02-18','reviewed','2025-02-05 08:30:00','','none','','2025-02-05 08:30:00','',NULL,4,2,1,'','',NULL);
INSERT INTO "editorial_reviewinvitation" VALUES(3,'2025-02-18 08:45:00','2025-03-04','reviewed','2025-02-18 10:00:00','','none','','2025-02-18 10:00:00','',NULL,4,1,2,'','',NULL);
INSERT INTO "editorial_reviewinvitation" VALUES(4,'2025-02-18 08:45:00','2025-03-04','reviewed','2025-02-19 09:00:00','','none','','2025-02-19 09:00:00','',NULL,4,2,2,'','',NULL);
INSERT INTO "editorial_reviewinvitation" VALUES(5,'2025-03-07 10:00:00','2025-03-21','reviewed','2025-03-07 10:00:00','','none','','2025-03-07 10:00:00','',NULL,4,1,3,'','',NULL);
INSERT INTO "editorial_reviewinvitation" VALUES(6,'2025-03-07 10:00:00','2025-03-21','reviewed','2025-03-07 10:00:00','','none','','2025-03-07 10:00:00','',NULL,4,2,3,'','',NULL);
INSERT INTO "editorial_reviewinvitation" VALUES(7,'2025-11-02 10:00:00','2025-11-16','accepted','2025-11-03 10:00:00','','none','','2025-11-03 10:00:00','',NULL,4,1,4,'','',NULL);
INSERT INTO "editorial_reviewinvitation" VALUES(8,'2025-11-02 10:00:00','2025-11-16','invited',NULL,'','','',NULL,'',NULL,4,2,4,'','',NULL);
INSERT INTO "editorial_reviewinvitation" VALUES(9,'2025-09-19 10:00:00','2025-10-03','reviewed','2025-09-19 10:00:00','','none','','2025-09-19 10:00:00','',NULL,4,1,5,'','',NULL);
INSERT INTO "editorial_reviewinvitation" VALUES(10,'2025-06-12 10:00:00','2025-06-26','reviewed','2025-06-12 10:00:00','','none','','2025-06-12 10:00:00','',NULL,4,2,6,'','',NULL);
INSERT INTO "editorial_reviewinvitation" VALUES(11,'2024-04-13 10:00:00','2024-04-27','reviewed','2024-04-13 10:00:00','','none','','2024-04-13 10:00:00','',NULL,4,1,7,'','',NULL);
INSERT INTO "editorial_reviewinvitation" VALUES(12,'2024-04-13 10:00:00','2024-04-27','reviewed','2024-04-13 10:00:00','','none','','2024-04-13 10:00:00','',NULL,4,2,7,'','',NULL);
CREATE TABLE "editorial_reviewround" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "number" integer unsigned NOT NULL CHECK ("number" >= 0), "kind" varchar(20) NOT NULL, "opened_at" datetime NOT NULL, "closed_at" datetime NULL, "outcome" varchar(20) NOT NULL, "article_id" bigint NOT NULL REFERENCES "articles_article" ("id") DEFERRABLE INITIALLY DEFERRED, "decision_id" bigint NULL REFERENCES "editorial_transitionlog" ("id") DEFERRABLE INITIALLY DEFERRED, "revision_id" bigint NOT NULL REFERENCES "articles_articlerevision" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "round_number_unique" UNIQUE ("article_id", "number"));
INSERT INTO "editorial_reviewround" VALUES(1,1,'submission','2025-02-04 09:05:00','2025-02-10 14:30:00','changes_requested',1,3,1);
INSERT INTO "editorial_reviewround" VALUES(2,2,'submission','2025-02-18 08:45:00','2025-02-25 15:10:00','approved',1,6,2);
INSERT INTO "editorial_reviewround" VALUES(3,1,'submission','2025-03-06 10:00:00','2025-03-13 10:00:00','approved',4,10,4);
INSERT INTO "editorial_reviewround" VALUES(4,2,'submission','2025-11-02 10:00:00',NULL,'',4,NULL,5);
INSERT INTO "editorial_reviewround" VALUES(5,1,'submission','2025-09-13 10:00:00','2025-09-20 10:00:00','changes_requested',5,16,6);
INSERT INTO "editorial_reviewround" VALUES(6,1,'submission','2025-06-06 10:00:00','2025-06-13 10:00:00','rejected',6,19,7);
INSERT INTO "editorial_reviewround" VALUES(7,1,'submission','2024-04-12 10:00:00','2024-04-17 10:00:00','approved',8,24,9);
CREATE TABLE "editorial_scheduledpublication" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "publish_at" datetime NOT NULL, "created_at" datetime NOT NULL, "published_at" datetime NULL, "cancelled_at" datetime NULL, "approved_by_id" bigint NOT NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "article_id" bigint NOT NULL REFERENCES "articles_article" ("id") DEFERRABLE INITIALLY DEFERRED, "cancelled_by_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "revision_id" bigint NOT NULL REFERENCES "articles_articlerevision" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "editorial_scheduledpublication" VALUES(1,'2026-12-05 05:55:08.405922','2026-12-02 05:55:08.405991',NULL,'2026-12-02 05:55:08.410301',4,1,4,2);
CREATE TABLE "editorial_specialty" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL UNIQUE);
INSERT INTO "editorial_specialty" VALUES(1,'Pediatrics');
INSERT INTO "editorial_specialty" VALUES(2,'Psychiatry');
INSERT INTO "editorial_specialty" VALUES(3,'Psychotherapy');
CREATE TABLE "editorial_specialty_topics" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "specialty_id" bigint NOT NULL REFERENCES "editorial_specialty" ("id") DEFERRABLE INITIALLY DEFERRED, "topic_id" bigint NOT NULL REFERENCES "articles_topic" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "editorial_specialty_topics" VALUES(1,1,1);
INSERT INTO "editorial_specialty_topics" VALUES(2,1,3);
INSERT INTO "editorial_specialty_topics" VALUES(3,2,1);
INSERT INTO "editorial_specialty_topics" VALUES(4,2,2);
INSERT INTO "editorial_specialty_topics" VALUES(5,3,2);
CREATE TABLE "editorial_transitionlog" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "action" varchar(40) NOT NULL, "source" varchar(40) NOT NULL, "target" varchar(40) NOT NULL, "comment" text NOT NULL, "created_at" datetime NOT NULL, "actor_id" bigint NOT NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "article_id" bigint NOT NULL REFERENCES "articles_article" ("id") DEFERRABLE INITIALLY DEFERRED, "revision_id" bigint NULL REFERENCES "articles_articlerevision" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "editorial_transitionlog" VALUES(1,'submit','draft','submitted','First version for the board. The guideline summary follows the AAP clinical report.','2025-02-03 16:40:00',1,1,1);
INSERT INTO "editorial_transitionlog" VALUES(2,'start_review','submitted','under_review','Assigned to the board for review.','2025-02-04 09:05:00',4,1,1);
INSERT INTO "editorial_transitionlog" VALUES(3,'request_changes','under_review','changes_requested','Dear Alex Morgan,

The board asks for one change before approval: the research section says attachment-informed therapy works on several themes but does not name them. Please list the key themes the cited work identifies, and keep each claim tied to its source. Cite the AAP report once in the reference list.

Daniel Okafor','2025-02-10 14:30:00',3,1,1);
INSERT INTO "editorial_transitionlog" VALUES(4,'resubmit','changes_requested','submitted','Added ''Key Themes in Attachment-Informed Therapy'' with its source; the guideline is now listed once.','2025-02-17 11:20:00',1,1,2);
INSERT INTO "editorial_transitionlog" VALUES(5,'start_review','submitted','under_review','Second round, same reviewers.','2025-02-18 08:45:00',4,1,2);
INSERT INTO "editorial_transitionlog" VALUES(6,'approve','under_review','approved','Claims are supported by the cited sources and the wording suits a professional audience. Approved.','2025-02-25 15:10:00',2,1,2);
INSERT INTO "editorial_transitionlog" VALUES(7,'submit','draft','submitted','Ready for the board.','2025-10-29 10:00:00',1,3,3);
INSERT INTO "editorial_transitionlog" VALUES(8,'submit','draft','submitted','','2025-03-05 10:00:00',1,4,4);
INSERT INTO "editorial_transitionlog" VALUES(9,'start_review','submitted','under_review','','2025-03-06 10:00:00',4,4,4);
INSERT INTO "editorial_transitionlog" VALUES(10,'approve','under_review','approved','Accurate and well sourced.','2025-03-13 10:00:00',2,4,4);
INSERT INTO "editorial_transitionlog" VALUES(11,'revise','approved','draft','Updating the guideline paragraph.','2025-10-29 10:00:00',1,4,4);
INSERT INTO "editorial_transitionlog" VALUES(12,'submit','draft','submitted','Small update to the guideline summary.','2025-10-31 10:00:00',1,4,5);
INSERT INTO "editorial_transitionlog" VALUES(13,'start_review','submitted','under_review','Re-review of a published article.','2025-11-02 10:00:00',4,4,5);
INSERT INTO "editorial_transitionlog" VALUES(14,'submit','draft','submitted','','2025-09-12 10:00:00',1,5,6);
INSERT INTO "editorial_transitionlog" VALUES(15,'start_review','submitted','under_review','','2025-09-13 10:00:00',4,5,6);
INSERT INTO "editorial_transitionlog" VALUES(16,'request_changes','under_review','changes_requested','The guideline section cites a pediatric report for a claim about adults. Please say what the report covers, or move the claim to the research section with a source that supports it.','2025-09-20 10:00:00',2,5,6);
INSERT INTO "editorial_transitionlog" VALUES(17,'submit','draft','submitted','','2025-06-05 10:00:00',1,6,7);
INSERT INTO "editorial_transitionlog" VALUES(18,'start_review','submitted','under_review','','2025-06-06 10:00:00',4,6,7);
INSERT INTO "editorial_transitionlog" VALUES(19,'reject','under_review','rejected','The central claim is causal and absolute, and the cited article does not support it. The question needs a different evidence base.','2025-06-13 10:00:00',3,6,7);
INSERT INTO "editorial_transitionlog" VALUES(20,'submit','draft','submitted','','2025-07-16 10:00:00',1,7,8);
INSERT INTO "editorial_transitionlog" VALUES(21,'withdraw','submitted','withdrawn','Withdrawn: the cited guideline is pediatric; I will rewrite this for adults.','2025-07-20 10:00:00',1,7,8);
INSERT INTO "editorial_transitionlog" VALUES(22,'submit','draft','submitted','','2024-04-11 10:00:00',1,8,9);
INSERT INTO "editorial_transitionlog" VALUES(23,'start_review','submitted','under_review','','2024-04-12 10:00:00',4,8,9);
INSERT INTO "editorial_transitionlog" VALUES(24,'approve','under_review','approved','','2024-04-17 10:00:00',2,8,9);
INSERT INTO "editorial_transitionlog" VALUES(25,'archive','approved','archived','Retired: an updated article on trauma-informed care is in preparation.','2025-05-13 10:00:00',4,8,9);
CREATE TABLE "editorial_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL, "last_login" datetime NULL, "is_superuser" bool NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "first_name" varchar(150) NOT NULL, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL, "is_staff" bool NOT NULL, "is_active" bool NOT NULL, "date_joined" datetime NOT NULL);
INSERT INTO "editorial_user" VALUES(1,'pbkdf2_sha256$1000000$G8pXFMfDLOW8MvyjyDXO2K$XN1dkgT7rWRO0LfPCLnwTn3AG6dCEiMjLOV08OonbNU=',NULL,0,'author','Alex','Morgan','author@example.org',0,1,'2026-12-02 05:54:46.457156');
INSERT INTO "editorial_user" VALUES(2,'pbkdf2_sha256$1000000$qTxU5oegLV2nBDN81New1r$os/g7IQH5svT9udkZTeLDbZpgHX4iagQoqZ3WK0e8oc=',NULL,0,'reviewer','Priya','Raman','reviewer@example.org',1,1,'2026-12-02 05:54:47.095383');
INSERT INTO "editorial_user" VALUES(3,'pbkdf2_sha256$1000000$VyuxPj2Y8gDv9FL6Bk5cE7$qTMCWSRL0kHhE9f6TW533Dgchw2Nnig6NuHQxxnE1Lw=',NULL,0,'reviewer2','Daniel','Okafor','reviewer2@example.org',1,1,'2026-12-02 05:54:47.649417');
INSERT INTO "editorial_user" VALUES(4,'pbkdf2_sha256$1000000$6oCQM4wprpkHKRsFoy0qMY$deyagg7wfLIwmKfGi+vP6AFXw4k3iis59WHqVMIvRUo=',NULL,0,'editor','Elena','Schmidt','editor@example.org',1,1,'2026-12-02 05:54:47.994696');
CREATE TABLE "editorial_user_groups" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" bigint NOT NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "editorial_user_groups" VALUES(1,1,1);
INSERT INTO "editorial_user_groups" VALUES(2,2,2);
INSERT INTO "editorial_user_groups" VALUES(3,3,2);
INSERT INTO "editorial_user_groups" VALUES(4,4,3);
CREATE TABLE "editorial_user_user_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" bigint NOT NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "references_historicalreference" ("id" bigint NOT NULL, "key" varchar(64) NOT NULL, "kind" varchar(20) NOT NULL, "title" varchar(500) NOT NULL, "authors" varchar(1000) NOT NULL, "journal" varchar(300) NOT NULL, "year" smallint unsigned NOT NULL CHECK ("year" >= 0), "volume" varchar(20) NOT NULL, "issue" varchar(20) NOT NULL, "pages" varchar(40) NOT NULL, "doi" varchar(255) NOT NULL, "pmid" varchar(9) NOT NULL, "url" varchar(500) NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "history_date" datetime NOT NULL, "history_change_reason" varchar(100) NULL, "history_type" varchar(1) NOT NULL, "history_user_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "references_historicalreference" VALUES(1,'pediatrics2021trauma','guideline','trauma-informed care.','','Pediatrics',2021,'','','','','','','2025-01-20 10:00:00','2025-01-20 10:00:00',1,'2025-01-20 10:00:00',NULL,'+',4);
INSERT INTO "references_historicalreference" VALUES(2,'pspr2018workingmodels','research','Revising Working Models Across Time: Relationship Situations That Enhance Attachment Security.','','Personality and social psychology review : an official journal of the Society for Personality and Social Psychology, Inc',2018,'','','','','','','2025-01-20 10:00:00','2025-01-20 10:00:00',2,'2025-01-20 10:00:00',NULL,'+',4);
INSERT INTO "references_historicalreference" VALUES(3,'ahd2007positive','research','Accentuating the positive in adult attachments.','','Attachment & human development',2007,'','','','','','','2025-01-20 10:00:00','2025-01-20 10:00:00',3,'2025-01-20 10:00:00',NULL,'+',4);
CREATE TABLE "references_historicalretraction" ("id" bigint NOT NULL, "doi" varchar(255) NOT NULL, "pmid" varchar(9) NOT NULL, "notice" text NOT NULL, "source" varchar(200) NOT NULL, "retracted_on" date NULL, "imported_at" datetime NOT NULL, "history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "history_date" datetime NOT NULL, "history_change_reason" varchar(100) NULL, "history_type" varchar(1) NOT NULL, "history_user_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "imported_by_id" bigint NULL);
INSERT INTO "references_historicalretraction" VALUES(1,'','1','Upgrade test notice','Retraction Watch',NULL,'2026-12-02 05:55:08.391383',1,'2026-12-02 05:55:08.393988',NULL,'+',NULL,NULL);
CREATE TABLE "references_historicalretractionacknowledgement" ("id" bigint NOT NULL, "note" text NOT NULL, "acknowledged_at" datetime NOT NULL, "history_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "history_date" datetime NOT NULL, "history_change_reason" varchar(100) NULL, "history_type" varchar(1) NOT NULL, "acknowledged_by_id" bigint NULL, "article_id" bigint NULL, "history_user_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "reference_id" bigint NULL);
INSERT INTO "references_historicalretractionacknowledgement" VALUES(1,'Cited as retracted (upgrade test)','2026-12-02 05:55:08.398271',1,'2026-12-02 05:55:08.398864',NULL,'+',4,1,4,1);
CREATE TABLE "references_reference" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "key" varchar(64) NOT NULL UNIQUE, "kind" varchar(20) NOT NULL, "title" varchar(500) NOT NULL, "authors" varchar(1000) NOT NULL, "journal" varchar(300) NOT NULL, "year" smallint unsigned NOT NULL CHECK ("year" >= 0), "volume" varchar(20) NOT NULL, "issue" varchar(20) NOT NULL, "pages" varchar(40) NOT NULL, "doi" varchar(255) NOT NULL, "pmid" varchar(9) NOT NULL, "url" varchar(500) NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, CONSTRAINT "reference_kind_valid" CHECK ("kind" IN ('guideline', 'systematic_review', 'randomised_trial', 'observational', 'review', 'research')));
INSERT INTO "references_reference" VALUES(1,'pediatrics2021trauma','guideline','trauma-informed care.','','Pediatrics',2021,'','','','','','','2025-01-20 10:00:00','2025-01-20 10:00:00');
INSERT INTO "references_reference" VALUES(2,'pspr2018workingmodels','research','Revising Working Models Across Time: Relationship Situations That Enhance Attachment Security.','','Personality and social psychology review : an official journal of the Society for Personality and Social Psychology, Inc',2018,'','','','','','','2025-01-20 10:00:00','2025-01-20 10:00:00');
INSERT INTO "references_reference" VALUES(3,'ahd2007positive','research','Accentuating the positive in adult attachments.','','Attachment & human development',2007,'','','','','','','2025-01-20 10:00:00','2025-01-20 10:00:00');
CREATE TABLE "references_retraction" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "doi" varchar(255) NOT NULL, "pmid" varchar(9) NOT NULL, "notice" text NOT NULL, "source" varchar(200) NOT NULL, "retracted_on" date NULL, "imported_at" datetime NOT NULL, "imported_by_id" bigint NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "retraction_names_a_doi_or_pmid" CHECK (NOT ("doi" = '' AND "pmid" = '')));
INSERT INTO "references_retraction" VALUES(1,'','1','Upgrade test notice','Retraction Watch',NULL,'2026-12-02 05:55:08.391383',NULL);
CREATE TABLE "references_retractionacknowledgement" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "note" text NOT NULL, "acknowledged_at" datetime NOT NULL, "acknowledged_by_id" bigint NOT NULL REFERENCES "editorial_user" ("id") DEFERRABLE INITIALLY DEFERRED, "article_id" bigint NOT NULL REFERENCES "articles_article" ("id") DEFERRABLE INITIALLY DEFERRED, "reference_id" bigint NOT NULL REFERENCES "references_reference" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "retraction_acknowledged_once_per_article" UNIQUE ("article_id", "reference_id"));
INSERT INTO "references_retractionacknowledgement" VALUES(1,'Cited as retracted (upgrade test)','2026-12-02 05:55:08.398271',4,1,1);
CREATE UNIQUE INDEX "django_content_type_app_label_model_76bd3d3b_uniq" ON "django_content_type" ("app_label", "model");
CREATE UNIQUE INDEX "auth_group_permissions_group_id_permission_id_0cd325b0_uniq" ON "auth_group_permissions" ("group_id", "permission_id");
CREATE INDEX "auth_group_permissions_group_id_b120cbf9" ON "auth_group_permissions" ("group_id");
CREATE INDEX "auth_group_permissions_permission_id_84c5c92e" ON "auth_group_permissions" ("permission_id");
CREATE UNIQUE INDEX "auth_permission_content_type_id_codename_01ab375a_uniq" ON "auth_permission" ("content_type_id", "codename");
CREATE INDEX "auth_permission_content_type_id_2f476e4b" ON "auth_permission" ("content_type_id");
CREATE INDEX "articles_historicalarticlereference_id_ce88d299" ON "articles_historicalarticlereference" ("id");
CREATE INDEX "articles_historicalarticlereference_history_date_07d4a70a" ON "articles_historicalarticlereference" ("history_date");
CREATE INDEX "articles_historicalsection_id_fb11d3d5" ON "articles_historicalsection" ("id");
CREATE INDEX "articles_historicalsection_history_date_e0aed453" ON "articles_historicalsection" ("history_date");
CREATE UNIQUE INDEX "editorial_user_groups_user_id_group_id_8a6eedc6_uniq" ON "editorial_user_groups" ("user_id", "group_id");
CREATE INDEX "editorial_user_groups_user_id_8903647d" ON "editorial_user_groups" ("user_id");
CREATE INDEX "editorial_user_groups_group_id_c2b91075" ON "editorial_user_groups" ("group_id");
CREATE UNIQUE INDEX "editorial_user_user_permissions_user_id_permission_id_04b9bbfe_uniq" ON "editorial_user_user_permissions" ("user_id", "permission_id");
CREATE INDEX "editorial_user_user_permissions_user_id_518040da" ON "editorial_user_user_permissions" ("user_id");
CREATE INDEX "editorial_user_user_permissions_permission_id_2dc2592b" ON "editorial_user_user_permissions" ("permission_id");
CREATE INDEX "editorial_historicalboardmember_id_9301754b" ON "editorial_historicalboardmember" ("id");
CREATE INDEX "editorial_historicalboardmember_history_date_b4f3eeff" ON "editorial_historicalboardmember" ("history_date");
CREATE INDEX "editorial_historicalboardmember_history_user_id_d1637ae4" ON "editorial_historicalboardmember" ("history_user_id");
CREATE INDEX "editorial_historicalboardmember_user_id_21dd9b8c" ON "editorial_historicalboardmember" ("user_id");
CREATE INDEX "editorial_transitionlog_created_at_f0118e8e" ON "editorial_transitionlog" ("created_at");
CREATE INDEX "editorial_transitionlog_actor_id_0a7a262a" ON "editorial_transitionlog" ("actor_id");
CREATE INDEX "editorial_transitionlog_article_id_c541ea6f" ON "editorial_transitionlog" ("article_id");
CREATE INDEX "editorial_transitionlog_revision_id_3f0830e9" ON "editorial_transitionlog" ("revision_id");
CREATE INDEX "django_admin_log_content_type_id_c4bce8eb" ON "django_admin_log" ("content_type_id");
CREATE INDEX "django_admin_log_user_id_c564eba6" ON "django_admin_log" ("user_id");
CREATE INDEX "references_historicalreference_id_77661d6e" ON "references_historicalreference" ("id");
CREATE INDEX "references_historicalreference_key_b23f4d05" ON "references_historicalreference" ("key");
CREATE INDEX "references_historicalreference_history_date_a6c060d9" ON "references_historicalreference" ("history_date");
CREATE INDEX "references_historicalreference_history_user_id_8d788b3d" ON "references_historicalreference" ("history_user_id");
CREATE UNIQUE INDEX "articles_article_coauthors_article_id_user_id_3457446c_uniq" ON "articles_article_coauthors" ("article_id", "user_id");
CREATE INDEX "articles_article_coauthors_article_id_0b1a8321" ON "articles_article_coauthors" ("article_id");
CREATE INDEX "articles_article_coauthors_user_id_99cfafb1" ON "articles_article_coauthors" ("user_id");
CREATE INDEX "articles_historicalarticle_coauthors_id_75036227" ON "articles_historicalarticle_coauthors" ("id");
CREATE INDEX "articles_historicalarticle_coauthors_article_id_04a955e5" ON "articles_historicalarticle_coauthors" ("article_id");
CREATE INDEX "articles_historicalarticle_coauthors_history_id_2020fa6c" ON "articles_historicalarticle_coauthors" ("history_id");
CREATE INDEX "articles_historicalarticle_coauthors_user_id_17a2e0dc" ON "articles_historicalarticle_coauthors" ("user_id");
CREATE INDEX "articles_historicalarticlereference_article_id_ab12c7e8" ON "articles_historicalarticlereference" ("article_id");
CREATE INDEX "articles_historicalarticlereference_history_user_id_a7dba063" ON "articles_historicalarticlereference" ("history_user_id");
CREATE INDEX "articles_historicalarticlereference_reference_id_4ef295a8" ON "articles_historicalarticlereference" ("reference_id");
CREATE INDEX "articles_historicalsection_article_id_76611d89" ON "articles_historicalsection" ("article_id");
CREATE INDEX "articles_historicalsection_history_user_id_44c9dabc" ON "articles_historicalsection" ("history_user_id");
CREATE INDEX "articles_articlereference_article_id_a428b909" ON "articles_articlereference" ("article_id");
CREATE INDEX "articles_articlereference_reference_id_23c4b038" ON "articles_articlereference" ("reference_id");
CREATE INDEX "articles_section_article_id_78d94c73" ON "articles_section" ("article_id");
CREATE INDEX "articles_article_status_f68a8acd" ON "articles_article" ("status");
CREATE INDEX "articles_article_author_id_059aea7d" ON "articles_article" ("author_id");
CREATE INDEX "articles_article_live_revision_id_7230b1c5" ON "articles_article" ("live_revision_id");
CREATE INDEX "articles_articlerevision_approved_by_id_0ff3cc77" ON "articles_articlerevision" ("approved_by_id");
CREATE INDEX "articles_articlerevision_article_id_8b035541" ON "articles_articlerevision" ("article_id");
CREATE INDEX "articles_articlerevision_created_by_id_3708964f" ON "articles_articlerevision" ("created_by_id");
CREATE INDEX "articles_historicalarticle_id_2e63a706" ON "articles_historicalarticle" ("id");
CREATE INDEX "articles_historicalarticle_status_f796c3ca" ON "articles_historicalarticle" ("status");
CREATE INDEX "articles_historicalarticle_slug_17100b38" ON "articles_historicalarticle" ("slug");
CREATE INDEX "articles_historicalarticle_history_date_ebea54e7" ON "articles_historicalarticle" ("history_date");
CREATE INDEX "articles_historicalarticle_author_id_ee65a6b9" ON "articles_historicalarticle" ("author_id");
CREATE INDEX "articles_historicalarticle_history_user_id_5e1df30b" ON "articles_historicalarticle" ("history_user_id");
CREATE INDEX "articles_historicalarticle_live_revision_id_e005918a" ON "articles_historicalarticle" ("live_revision_id");
CREATE INDEX "references_historicalretraction_id_0ba4fae4" ON "references_historicalretraction" ("id");
CREATE INDEX "references_historicalretraction_history_date_b6388822" ON "references_historicalretraction" ("history_date");
CREATE INDEX "references_historicalretractionacknowledgement_id_7af8db51" ON "references_historicalretractionacknowledgement" ("id");
CREATE INDEX "references_historicalretractionacknowledgement_history_date_c54437b1" ON "references_historicalretractionacknowledgement" ("history_date");
CREATE UNIQUE INDEX "reference_doi_unique_when_present" ON "references_reference" ((LOWER("doi"))) WHERE NOT ("doi" = '');
CREATE UNIQUE INDEX "reference_pmid_unique_when_present" ON "references_reference" ("pmid") WHERE NOT ("pmid" = '');
CREATE INDEX "references_historicalretraction_history_user_id_7765055b" ON "references_historicalretraction" ("history_user_id");
CREATE INDEX "references_historicalretraction_imported_by_id_43a9fa43" ON "references_historicalretraction" ("imported_by_id");
CREATE INDEX "references_historicalretractionacknowledgement_acknowledged_by_id_9534acc7" ON "references_historicalretractionacknowledgement" ("acknowledged_by_id");
CREATE INDEX "references_historicalretractionacknowledgement_article_id_c618b1c3" ON "references_historicalretractionacknowledgement" ("article_id");
CREATE INDEX "references_historicalretractionacknowledgement_history_user_id_367cbbf0" ON "references_historicalretractionacknowledgement" ("history_user_id");
CREATE INDEX "references_historicalretractionacknowledgement_reference_id_e475d300" ON "references_historicalretractionacknowledgement" ("reference_id");
CREATE INDEX "references_retraction_imported_by_id_c100a6c4" ON "references_retraction" ("imported_by_id");
CREATE UNIQUE INDEX "retraction_doi_unique_when_present" ON "references_retraction" ((LOWER("doi"))) WHERE NOT ("doi" = '');
CREATE UNIQUE INDEX "retraction_pmid_unique_when_present" ON "references_retraction" ("pmid") WHERE NOT ("pmid" = '');
CREATE INDEX "references_retractionacknowledgement_acknowledged_by_id_f6e60831" ON "references_retractionacknowledgement" ("acknowledged_by_id");
CREATE INDEX "references_retractionacknowledgement_article_id_ecdfe2e0" ON "references_retractionacknowledgement" ("article_id");
CREATE INDEX "references_retractionacknowledgement_reference_id_714f3d2e" ON "references_retractionacknowledgement" ("reference_id");
CREATE UNIQUE INDEX "articles_topic_articles_topic_id_article_id_8ecbb462_uniq" ON "articles_topic_articles" ("topic_id", "article_id");
CREATE INDEX "articles_topic_articles_topic_id_a28dfbdd" ON "articles_topic_articles" ("topic_id");
CREATE INDEX "articles_topic_articles_article_id_67b1680d" ON "articles_topic_articles" ("article_id");
CREATE INDEX "article_updated_at" ON "articles_article" ("updated_at");
CREATE INDEX "revision_approved_at" ON "articles_articlerevision" ("approved_at");
CREATE INDEX "axes_accessattempt_user_agent_ad89678b" ON "axes_accessattempt" ("user_agent");
CREATE INDEX "axes_accessattempt_ip_address_10922d9c" ON "axes_accessattempt" ("ip_address");
CREATE INDEX "axes_accessattempt_username_3f2d4ca0" ON "axes_accessattempt" ("username");
CREATE UNIQUE INDEX "axes_accessattempt_username_ip_address_user_agent_8ea22282_uniq" ON "axes_accessattempt" ("username", "ip_address", "user_agent");
CREATE INDEX "axes_accessfailurelog_user_agent_ea145dda" ON "axes_accessfailurelog" ("user_agent");
CREATE INDEX "axes_accessfailurelog_ip_address_2e9f5a7f" ON "axes_accessfailurelog" ("ip_address");
CREATE INDEX "axes_accessfailurelog_username_a8b7e8a4" ON "axes_accessfailurelog" ("username");
CREATE INDEX "axes_accesslog_user_agent_0e659004" ON "axes_accesslog" ("user_agent");
CREATE INDEX "axes_accesslog_ip_address_86b417e5" ON "axes_accesslog" ("ip_address");
CREATE INDEX "axes_accesslog_username_df93064b" ON "axes_accesslog" ("username");
CREATE INDEX "django_task_queue_n_99c321_idx" ON "django_tasks_database_dbtaskresult" ("queue_name");
CREATE INDEX "django_task_backend_071754_idx" ON "django_tasks_database_dbtaskresult" ("backend_name");
CREATE INDEX "tasks_db_new_ordering_idx" ON "django_tasks_database_dbtaskresult" ("status", "priority" DESC, "run_after" ASC, "enqueued_at" ASC) WHERE "status" = 'READY';
CREATE INDEX "editorial_historicaldecisionlettertemplate_id_c6ab5b21" ON "editorial_historicaldecisionlettertemplate" ("id");
CREATE INDEX "editorial_historicaldecisionlettertemplate_outcome_141b39ae" ON "editorial_historicaldecisionlettertemplate" ("outcome");
CREATE INDEX "editorial_historicaldecisionlettertemplate_history_date_9c265841" ON "editorial_historicaldecisionlettertemplate" ("history_date");
CREATE INDEX "editorial_historicaldecisionlettertemplate_history_user_id_57d970b8" ON "editorial_historicaldecisionlettertemplate" ("history_user_id");
CREATE INDEX "editorial_review_addressed_by_id_c4642ef1" ON "editorial_review" ("addressed_by_id");
CREATE INDEX "editorial_rereviewnotice_article_id_881e3db5" ON "editorial_rereviewnotice" ("article_id");
CREATE INDEX "editorial_reviewround_article_id_27abbd85" ON "editorial_reviewround" ("article_id");
CREATE INDEX "editorial_reviewround_decision_id_8b3f2aec" ON "editorial_reviewround" ("decision_id");
CREATE INDEX "editorial_reviewround_revision_id_324afc77" ON "editorial_reviewround" ("revision_id");
CREATE UNIQUE INDEX "one_open_round_per_article" ON "editorial_reviewround" ("article_id") WHERE "closed_at" IS NULL;
CREATE INDEX "editorial_editorialpolicy_created_by_id_362678ce" ON "editorial_editorialpolicy" ("created_by_id");
CREATE INDEX "editorial_historicaleditorialpolicy_id_e6d46ce7" ON "editorial_historicaleditorialpolicy" ("id");
CREATE INDEX "editorial_historicaleditorialpolicy_version_7e1ed5b3" ON "editorial_historicaleditorialpolicy" ("version");
CREATE INDEX "editorial_historicaleditorialpolicy_history_date_01951430" ON "editorial_historicaleditorialpolicy" ("history_date");
CREATE INDEX "editorial_historicaleditorialpolicy_created_by_id_b02792cf" ON "editorial_historicaleditorialpolicy" ("created_by_id");
CREATE INDEX "editorial_historicaleditorialpolicy_history_user_id_ba68e5e2" ON "editorial_historicaleditorialpolicy" ("history_user_id");
CREATE INDEX "editorial_outboundemail_status_36a6f6a6" ON "editorial_outboundemail" ("status");
CREATE INDEX "editorial_outboundemail_created_at_edca7b3b" ON "editorial_outboundemail" ("created_at");
CREATE INDEX "editorial_historicalspecialty_id_12e1fc42" ON "editorial_historicalspecialty" ("id");
CREATE INDEX "editorial_historicalspecialty_name_ae7a6fea" ON "editorial_historicalspecialty" ("name");
CREATE INDEX "editorial_historicalspecialty_history_date_d46622cf" ON "editorial_historicalspecialty" ("history_date");
CREATE INDEX "editorial_historicalspecialty_history_user_id_2a82ca00" ON "editorial_historicalspecialty" ("history_user_id");
CREATE UNIQUE INDEX "editorial_specialty_topics_specialty_id_topic_id_5b36475a_uniq" ON "editorial_specialty_topics" ("specialty_id", "topic_id");
CREATE INDEX "editorial_specialty_topics_specialty_id_11ed9aa5" ON "editorial_specialty_topics" ("specialty_id");
CREATE INDEX "editorial_specialty_topics_topic_id_10520c34" ON "editorial_specialty_topics" ("topic_id");
CREATE INDEX "editorial_historicalspecialty_topics_id_7d5d8398" ON "editorial_historicalspecialty_topics" ("id");
CREATE INDEX "editorial_historicalspecialty_topics_history_id_34d82548" ON "editorial_historicalspecialty_topics" ("history_id");
CREATE INDEX "editorial_historicalspecialty_topics_topic_id_77b88262" ON "editorial_historicalspecialty_topics" ("topic_id");
CREATE INDEX "editorial_historicalspecialty_topics_specialty_id_ae354373" ON "editorial_historicalspecialty_topics" ("specialty_id");
CREATE INDEX "editorial_historicalboardmember_specialties_id_dab75185" ON "editorial_historicalboardmember_specialties" ("id");
CREATE INDEX "editorial_historicalboardmember_specialties_boardmember_id_f0fc2171" ON "editorial_historicalboardmember_specialties" ("boardmember_id");
CREATE INDEX "editorial_historicalboardmember_specialties_history_id_d51656c9" ON "editorial_historicalboardmember_specialties" ("history_id");
CREATE INDEX "editorial_historicalboardmember_specialties_specialty_id_ccd5b76d" ON "editorial_historicalboardmember_specialties" ("specialty_id");
CREATE UNIQUE INDEX "editorial_boardmember_specialties_boardmember_id_specialty_id_587f5406_uniq" ON "editorial_boardmember_specialties" ("boardmember_id", "specialty_id");
CREATE INDEX "editorial_boardmember_specialties_boardmember_id_5526d4fd" ON "editorial_boardmember_specialties" ("boardmember_id");
CREATE INDEX "editorial_boardmember_specialties_specialty_id_43872c79" ON "editorial_boardmember_specialties" ("specialty_id");
CREATE INDEX "editorial_claimcheck_fingerprint_0e172e02" ON "editorial_claimcheck" ("fingerprint");
CREATE INDEX "editorial_claimcheck_review_id_22ac72a4" ON "editorial_claimcheck" ("review_id");
CREATE INDEX "editorial_historicalscheduledpublication_id_fa1c48bf" ON "editorial_historicalscheduledpublication" ("id");
CREATE INDEX "editorial_historicalscheduledpublication_history_date_283c1747" ON "editorial_historicalscheduledpublication" ("history_date");
CREATE INDEX "editorial_historicalscheduledpublication_approved_by_id_533d65a4" ON "editorial_historicalscheduledpublication" ("approved_by_id");
CREATE INDEX "editorial_historicalscheduledpublication_article_id_e30ad396" ON "editorial_historicalscheduledpublication" ("article_id");
CREATE INDEX "editorial_historicalscheduledpublication_cancelled_by_id_d79d2aa6" ON "editorial_historicalscheduledpublication" ("cancelled_by_id");
CREATE INDEX "editorial_historicalscheduledpublication_history_user_id_ee649965" ON "editorial_historicalscheduledpublication" ("history_user_id");
CREATE INDEX "editorial_historicalscheduledpublication_revision_id_11e2f996" ON "editorial_historicalscheduledpublication" ("revision_id");
CREATE UNIQUE INDEX "one_pending_publication_per_article" ON "editorial_scheduledpublication" ("article_id") WHERE ("cancelled_at" IS NULL AND "published_at" IS NULL);
CREATE INDEX "editorial_scheduledpublication_approved_by_id_5a517829" ON "editorial_scheduledpublication" ("approved_by_id");
CREATE INDEX "editorial_scheduledpublication_article_id_e0393948" ON "editorial_scheduledpublication" ("article_id");
CREATE INDEX "editorial_scheduledpublication_cancelled_by_id_91ff9eb5" ON "editorial_scheduledpublication" ("cancelled_by_id");
CREATE INDEX "editorial_scheduledpublication_revision_id_82eb2c73" ON "editorial_scheduledpublication" ("revision_id");
CREATE INDEX "editorial_historicalreviewinvitation_id_d7662728" ON "editorial_historicalreviewinvitation" ("id");
CREATE INDEX "editorial_historicalreviewinvitation_history_date_196a948d" ON "editorial_historicalreviewinvitation" ("history_date");
CREATE INDEX "editorial_historicalreviewinvitation_history_user_id_e24a9f6f" ON "editorial_historicalreviewinvitation" ("history_user_id");
CREATE INDEX "editorial_historicalreviewinvitation_invited_by_id_a53038c4" ON "editorial_historicalreviewinvitation" ("invited_by_id");
CREATE INDEX "editorial_historicalreviewinvitation_reviewer_id_508d14b5" ON "editorial_historicalreviewinvitation" ("reviewer_id");
CREATE INDEX "editorial_historicalreviewinvitation_replaced_by_id_d20b4ca7" ON "editorial_historicalreviewinvitation" ("replaced_by_id");
CREATE INDEX "editorial_historicalreviewinvitation_round_id_483cd807" ON "editorial_historicalreviewinvitation" ("round_id");
CREATE UNIQUE INDEX "one_active_invitation_per_reviewer_per_round" ON "editorial_reviewinvitation" ("round_id", "reviewer_id") WHERE "status" IN ('invited', 'accepted', 'reviewed');
CREATE INDEX "editorial_reviewinvitation_invited_by_id_8387b462" ON "editorial_reviewinvitation" ("invited_by_id");
CREATE INDEX "editorial_reviewinvitation_reviewer_id_e9bf4e4a" ON "editorial_reviewinvitation" ("reviewer_id");
CREATE INDEX "editorial_reviewinvitation_round_id_2ec52f18" ON "editorial_reviewinvitation" ("round_id");
CREATE INDEX "django_session_expire_date_a5c62663" ON "django_session" ("expire_date");
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('django_migrations',74);
INSERT INTO "sqlite_sequence" VALUES('django_content_type',47);
INSERT INTO "sqlite_sequence" VALUES('auth_permission',188);
INSERT INTO "sqlite_sequence" VALUES('auth_group',3);
INSERT INTO "sqlite_sequence" VALUES('django_admin_log',0);
INSERT INTO "sqlite_sequence" VALUES('articles_historicalarticle_coauthors',0);
INSERT INTO "sqlite_sequence" VALUES('articles_articlereference',15);
INSERT INTO "sqlite_sequence" VALUES('articles_section',16);
INSERT INTO "sqlite_sequence" VALUES('articles_article',8);
INSERT INTO "sqlite_sequence" VALUES('articles_articlerevision',9);
INSERT INTO "sqlite_sequence" VALUES('articles_historicalarticle',35);
INSERT INTO "sqlite_sequence" VALUES('references_reference',3);
INSERT INTO "sqlite_sequence" VALUES('references_retraction',1);
INSERT INTO "sqlite_sequence" VALUES('references_retractionacknowledgement',1);
INSERT INTO "sqlite_sequence" VALUES('auth_group_permissions',55);
INSERT INTO "sqlite_sequence" VALUES('axes_accessattempt',0);
INSERT INTO "sqlite_sequence" VALUES('axes_accesslog',0);
INSERT INTO "sqlite_sequence" VALUES('editorial_reviewround',7);
INSERT INTO "sqlite_sequence" VALUES('editorial_decisionlettertemplate',3);
INSERT INTO "sqlite_sequence" VALUES('editorial_editorialpolicy',2);
INSERT INTO "sqlite_sequence" VALUES('editorial_historicalreviewinvitation',44);
INSERT INTO "sqlite_sequence" VALUES('editorial_reviewinvitation',12);
INSERT INTO "sqlite_sequence" VALUES('editorial_user',4);
INSERT INTO "sqlite_sequence" VALUES('editorial_user_groups',4);
INSERT INTO "sqlite_sequence" VALUES('editorial_boardmember',2);
INSERT INTO "sqlite_sequence" VALUES('editorial_historicalboardmember',4);
INSERT INTO "sqlite_sequence" VALUES('editorial_specialty',3);
INSERT INTO "sqlite_sequence" VALUES('editorial_historicalspecialty',6);
INSERT INTO "sqlite_sequence" VALUES('editorial_boardmember_specialties',3);
INSERT INTO "sqlite_sequence" VALUES('editorial_historicalboardmember_specialties',3);
INSERT INTO "sqlite_sequence" VALUES('references_historicalreference',3);
INSERT INTO "sqlite_sequence" VALUES('articles_historicalsection',19);
INSERT INTO "sqlite_sequence" VALUES('articles_historicalarticlereference',15);
INSERT INTO "sqlite_sequence" VALUES('editorial_transitionlog',25);
INSERT INTO "sqlite_sequence" VALUES('editorial_review',10);
INSERT INTO "sqlite_sequence" VALUES('editorial_claimcheck',55);
INSERT INTO "sqlite_sequence" VALUES('articles_topic',3);
INSERT INTO "sqlite_sequence" VALUES('articles_topic_articles',10);
INSERT INTO "sqlite_sequence" VALUES('editorial_specialty_topics',5);
INSERT INTO "sqlite_sequence" VALUES('editorial_historicalspecialty_topics',5);
INSERT INTO "sqlite_sequence" VALUES('references_historicalretraction',1);
INSERT INTO "sqlite_sequence" VALUES('references_historicalretractionacknowledgement',1);
INSERT INTO "sqlite_sequence" VALUES('editorial_scheduledpublication',1);
INSERT INTO "sqlite_sequence" VALUES('editorial_historicalscheduledpublication',2);
COMMIT;
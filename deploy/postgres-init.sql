-- Run once by the postgres container of deploy/compose.yaml when its volume is new: the knowledge store has a
-- database of its own (DATABASE_URL); the conversations, helpdesk, advice and statistics share POSTGRES_DB.
CREATE DATABASE routeadvies_knowledge;

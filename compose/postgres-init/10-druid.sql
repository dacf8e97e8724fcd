-- Druid's metadata store lives in the same PostgreSQL as the analytics tables, in its own database.
CREATE DATABASE druid OWNER rivulet;

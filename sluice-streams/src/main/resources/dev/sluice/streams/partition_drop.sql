DROP TABLE IF EXISTS {{partition}}

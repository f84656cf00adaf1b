CREATE DATABASE {{database}}

# Evaluates modules the way NixOS does, for the tests: the real `lib.evalModules`, exactly the module
# arguments NixOS passes (config, options, lib, pkgs, utils, modulesPath, name, plus the specialArgs
# NixOS adds), declarations of the NixOS options generated modules set (typed like NixOS's, so a
# wrong type or an undeclared option fails), and a `pkgs` whose builders use their input: writeText
# and formats.<fmt>.generate write real files with builtins.toFile, so every value they are given is
# forced and readable back.
{
  lib,
  modules,
  hostName ? "nixos",
}:
let
  inherit (lib) mkOption types;

  package = name: {
    type = "derivation";
    inherit name;
    pname = name;
    outPath = "/nix/store/00000000000000000000000000000000-${name}";
    meta.mainProgram = name;
  };

  # Serialisation checks the formats make in nixpkgs, then a real file with the content.
  jsonValue = types.nullOr (
    types.oneOf [
      types.bool
      types.int
      types.float
      types.str
      types.path
      (types.attrsOf jsonValue)
      (types.listOf jsonValue)
    ]
  );
  tomlValue = types.oneOf [
    types.bool
    types.int
    types.float
    types.str
    types.path
    (types.attrsOf tomlValue)
    (types.listOf tomlValue)
  ];
  noNulls =
    v:
    if v == null then
      throw "formats.toml: TOML has no null"
    else if builtins.isAttrs v then
      lib.mapAttrs (_: noNulls) v
    else if builtins.isList v then
      map noNulls v
    else
      v;
  format = type: check: {
    inherit type;
    generate = name: value: builtins.toFile name (builtins.toJSON (check value));
  };

  pkgs =
    lib.genAttrs [
      "kubernetes"
      "containerd"
      "runc"
      "cni-plugins"
      "coredns"
      "etcd"
      "util-linux"
      "iptables"
      "nftables"
      "iproute2"
      "conntrack-tools"
      "ethtool"
      "socat"
      "kmod"
      "coreutils"
      "gitMinimal"
      "openssl"
      "cri-tools"
      "cfssl"
      "kubectl"
    ] package
    // {
      writeText = name: text: builtins.toFile name text;
      formats = {
        json = { }: format jsonValue lib.id;
        yaml = { }: format jsonValue lib.id;
        toml = { }: format tomlValue noNulls;
      };
    };

  # nixos/lib/utils.nix: the escaping NixOS uses for Exec* lines.
  utils = rec {
    escapeSystemdExecArg =
      arg:
      let
        s =
          if builtins.isPath arg then
            "${arg}"
          else if builtins.isString arg then
            arg
          else if builtins.isInt arg || builtins.isFloat arg || lib.isDerivation arg then
            toString arg
          else
            throw "escapeSystemdExecArg only allows strings, paths, numbers and derivations";
      in
      builtins.replaceStrings [ "%" "$" ] [ "%%" "$$" ] (builtins.toJSON s);
    escapeSystemdExecArgs = lib.concatMapStringsSep " " escapeSystemdExecArg;
  };

  unitAtom = types.oneOf [
    types.bool
    types.int
    types.str
    types.path
    types.package
  ];
  unitOption = types.either unitAtom (types.listOf unitAtom);
  unitNames = mkOption {
    type = types.listOf types.str;
    default = [ ];
  };
  unit = {
    options = {
      enable = mkOption {
        type = types.bool;
        default = true;
      };
      description = mkOption {
        type = types.str;
        default = "";
      };
      wantedBy = unitNames;
      requiredBy = unitNames;
      wants = unitNames;
      requires = unitNames;
      after = unitNames;
      before = unitNames;
      bindsTo = unitNames;
      partOf = unitNames;
      unitConfig = mkOption {
        type = types.attrsOf unitOption;
        default = { };
      };
    };
  };
  service = {
    imports = [ unit ];
    options = {
      serviceConfig = mkOption {
        type = types.attrsOf unitOption;
        default = { };
      };
      path = mkOption {
        type = types.listOf (types.either types.package types.str);
        default = [ ];
      };
      environment = mkOption {
        type = types.attrsOf (
          types.nullOr (
            types.oneOf [
              types.str
              types.path
              types.package
            ]
          )
        );
        default = { };
      };
      script = mkOption {
        type = types.lines;
        default = "";
      };
      preStart = mkOption {
        type = types.lines;
        default = "";
      };
      restartIfChanged = mkOption {
        type = types.bool;
        default = true;
      };
    };
  };

  # The NixOS options the generated modules set, declared as NixOS declares them.
  nixos =
    { config, ... }:
    {
      options = {
        assertions = mkOption {
          type = types.listOf types.unspecified;
          default = [ ];
        };
        warnings = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        networking.hostName = mkOption {
          type = types.strMatching "^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$";
          default = "nixos";
        };
        networking.firewall = {
          enable = mkOption {
            type = types.bool;
            default = true;
          };
          allowedTCPPorts = mkOption {
            type = types.listOf types.port;
            default = [ ];
          };
          allowedUDPPorts = mkOption {
            type = types.listOf types.port;
            default = [ ];
          };
        };
        networking.interfaces = mkOption {
          type = types.attrsOf (
            types.submodule {
              options =
                lib.genAttrs
                  [
                    "ipv4"
                    "ipv6"
                  ]
                  (_: {
                    addresses = mkOption {
                      type = types.listOf (
                        types.submodule {
                          options.address = mkOption { type = types.str; };
                          options.prefixLength = mkOption { type = types.addCheck types.int (n: n >= 0 && n <= 128); };
                        }
                      );
                      default = [ ];
                    };
                  });
            }
          );
          default = { };
        };
        boot.kernelModules = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        boot.kernel.sysctl = mkOption {
          type = types.attrsOf (
            types.nullOr (
              types.oneOf [
                types.bool
                types.str
                types.int
              ]
            )
          );
          default = { };
        };
        environment.systemPackages = mkOption {
          type = types.listOf types.package;
          default = [ ];
        };
        environment.etc = mkOption {
          type = types.attrsOf (
            types.submodule (
              { name, config, ... }:
              {
                config.source = lib.mkIf (config.text != null) (
                  lib.mkDefault (pkgs.writeText "etc-${baseNameOf name}" config.text)
                );
                options = {
                  source = mkOption { type = types.path; };
                  text = mkOption {
                    type = types.nullOr types.lines;
                    default = null;
                  };
                  mode = mkOption {
                    type = types.str;
                    default = "symlink";
                  };
                  user = mkOption {
                    type = types.str;
                    default = "+0";
                  };
                  group = mkOption {
                    type = types.str;
                    default = "+0";
                  };
                };
              }
            )
          );
          default = { };
        };
        users.users = mkOption {
          type = types.attrsOf (
            types.submodule {
              options = {
                isSystemUser = mkOption {
                  type = types.bool;
                  default = false;
                };
                group = mkOption {
                  type = types.str;
                  default = "";
                };
                description = mkOption {
                  type = types.str;
                  default = "";
                };
                home = mkOption {
                  type = types.path;
                  default = "/var/empty";
                };
                createHome = mkOption {
                  type = types.bool;
                  default = false;
                };
                extraGroups = mkOption {
                  type = types.listOf types.str;
                  default = [ ];
                };
                uid = mkOption {
                  type = types.nullOr types.int;
                  default = null;
                };
              };
            }
          );
          default = { };
        };
        users.groups = mkOption {
          type = types.attrsOf (
            types.submodule {
              options.gid = mkOption {
                type = types.nullOr types.int;
                default = null;
              };
              options.members = mkOption {
                type = types.listOf types.str;
                default = [ ];
              };
            }
          );
          default = { };
        };
        systemd.services = mkOption {
          type = types.attrsOf (types.submodule service);
          default = { };
        };
        systemd.targets = mkOption {
          type = types.attrsOf (types.submodule unit);
          default = { };
        };
        systemd.slices = mkOption {
          type = types.attrsOf (types.submodule unit);
          default = { };
        };
        systemd.tmpfiles.rules = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        virtualisation.containerd = {
          enable = mkOption {
            type = types.bool;
            default = false;
          };
          settings = mkOption {
            type = (pkgs.formats.toml { }).type;
            default = { };
          };
          configFile = mkOption {
            type = types.nullOr types.path;
            default = null;
          };
          args = mkOption {
            type = types.attrsOf types.str;
            default = { };
          };
        };
      };
      config = {
        _module.args = { inherit pkgs utils; };
        networking.hostName = lib.mkDefault hostName;
      };
    };

  evaluated = lib.evalModules {
    modules = [ nixos ] ++ modules;
    specialArgs = {
      modulesPath = "/nixos/modules";
    };
  };
  config = evaluated.config;

  # A unit's [Service] section as systemd reads it: one Key=value line per value.
  unitText =
    name: s:
    let
      line =
        key: value:
        if builtins.isList value then
          lib.concatMapStrings (line key) value
        else if builtins.isBool value then
          "${key}=${lib.boolToString value}\n"
        else
          "${key}=${toString value}\n";
      env = s.environment // {
        PATH = lib.makeBinPath s.path;
      };
    in
    "[Service]\n"
    + lib.concatStrings (
      lib.mapAttrsToList (k: v: lib.optionalString (v != null) "Environment=\"${k}=${toString v}\"\n") env
    )
    + lib.concatStrings (lib.mapAttrsToList line s.serviceConfig);

  enabledServices = lib.filterAttrs (_: s: s.enable) config.systemd.services;
in
{
  inherit config;
  options = evaluated.options;
  units = lib.mapAttrs unitText enabledServices;
  failedAssertions = map (a: a.message) (builtins.filter (a: !a.assertion) config.assertions);
  # Everything a NixOS system would build from these modules, forced deeply.
  forced = builtins.deepSeq {
    inherit (config)
      assertions
      warnings
      networking
      boot
      environment
      users
      systemd
      virtualisation
      ;
    services = config.services or { };
    units = lib.mapAttrs unitText enabledServices;
    etc = lib.mapAttrs (_: e: toString e.source) config.environment.etc;
  } true;
}
